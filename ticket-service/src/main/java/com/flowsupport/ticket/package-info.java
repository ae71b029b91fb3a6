/**
 * ticket-service: tickets, comments, SLAs, views, business rules and search.
 */
@NullMarked
package com.flowsupport.ticket;

import org.jspecify.annotations.NullMarked;
