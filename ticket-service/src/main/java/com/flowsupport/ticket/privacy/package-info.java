/**
 * Personal data in tickets: the data-subject export and erasure of ticket-service, and
 * per-tenant retention of closed tickets.
 */
@NullMarked
package com.flowsupport.ticket.privacy;

import org.jspecify.annotations.NullMarked;
