/**
 * Conditions over tickets ("all of these, any of those"), the one model business rules
 * and SLA policies share: how they are read from a request, and when they hold for a
 * ticket update. Each feature says which fields its conditions may test.
 */
@NullMarked
package com.flowsupport.ticket.condition;

import org.jspecify.annotations.NullMarked;
