/**
 * SLA policies: first reply, next reply and resolution targets by priority, in calendar
 * or the tenant's business hours; the clocks on each ticket, paused while it waits on the
 * customer; and breach detection.
 */
@NullMarked
package com.flowsupport.ticket.sla;

import org.jspecify.annotations.NullMarked;
