package com.flowsupport.ticket.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import com.flowsupport.ticket.sla.SlaPolicy.Targets;
import com.flowsupport.ticket.ticket.Ticket;
import com.flowsupport.ticket.ticket.TicketHook;
import com.flowsupport.ticket.ticket.TicketStatus;
import com.flowsupport.ticket.ticket.TicketUpdate;

/**
 * Sets a ticket's SLA due times on every create and update, after business rules and
 * routing have had their say (they may change priority, group or tags, which decide the
 * policy). Due times are recomputed from scratch each time, from the policy in force, the
 * ticket's priority, when each clock started and the pauses since, so a priority change,
 * a resumed pause or an edited policy all take effect at the next update.
 * <ul>
 * <li>first reply: from creation until the first public agent reply;</li>
 * <li>next reply: from the earliest customer comment an agent has not answered publicly
 * yet (once there was a first reply);</li>
 * <li>resolution: from creation until solved.</li>
 * </ul>
 * While the ticket is pending (waiting on the customer) or solved, the clocks stand still
 * and have no due time; when it moves on, the time stood still is not counted.
 */
@Component
@Order(300)
class SlaHook implements TicketHook {

	private final SlaPolicyRepository policies;

	private final SlaClocks clocks;

	private final TenantSchedules schedules;

	private final SlaBreaches breaches;

	SlaHook(SlaPolicyRepository policies, SlaClocks clocks, TenantSchedules schedules, SlaBreaches breaches) {
		this.policies = policies;
		this.clocks = clocks;
		this.schedules = schedules;
		this.breaches = breaches;
	}

	@Override
	public void beforeSave(TicketUpdate update) {
		Ticket ticket = update.ticket();
		Instant now = update.at();
		Instant overdue = SlaBreaches.overdueSince(ticket, now);
		if (overdue != null) {
			this.breaches.markInUpdate(ticket, overdue, now);
		}
		List<SlaPolicy> policies = this.policies.inOrder(ticket.tenantId());
		if (policies.isEmpty()) {
			// A tenant without policies pays no more than this one query per update.
			ticket.sla().apply(null, null, null, null);
			return;
		}
		SlaClocks.State before = (update.kind() == TicketUpdate.Kind.CREATED) ? SlaClocks.State.NEW
				: this.clocks.find(ticket.tenantId(), ticket.id()).orElse(SlaClocks.State.NEW);
		SlaClocks.State state = advance(before, update);
		if (!state.equals(before)) {
			this.clocks.save(ticket.tenantId(), ticket.id(), state);
		}
		SlaPolicy policy = policies.stream()
			.filter((candidate) -> candidate.appliesTo(update))
			.findFirst()
			.orElse(null);
		if (policy == null) {
			ticket.sla().apply(null, null, null, null);
			return;
		}
		if (!running(ticket.status())) {
			ticket.sla().apply(policy.id(), null, null, null);
			return;
		}
		Targets targets = policy.targetsFor(ticket.priority());
		WorkingHours hours = policy.businessHours() ? this.schedules.of(ticket.tenantId()) : WorkingHours.CALENDAR;
		Instant firstReplyDue = (ticket.sla().firstRepliedAt() == null)
				? due(hours, ticket.createdAt(), targets.firstReply(), state) : null;
		Instant nextReplyDue = (state.nextReplySince() != null)
				? due(hours, state.nextReplySince(), targets.nextReply(), state) : null;
		Instant resolutionDue = due(hours, ticket.createdAt(), targets.resolution(), state);
		ticket.sla().apply(policy.id(), firstReplyDue, nextReplyDue, resolutionDue);
	}

	/**
	 * Pauses or resumes the clocks with the status, and tracks who owes the next reply.
	 */
	private static SlaClocks.State advance(SlaClocks.State state, TicketUpdate update) {
		Ticket ticket = update.ticket();
		Instant now = update.at();
		SlaClocks.State next = running(ticket.status()) ? state.resume(now) : state.pause(now);
		TicketUpdate.CommentContext comment = update.comment();
		if (comment == null) {
			return next;
		}
		if (comment.byCustomer()) {
			// Before the first reply the first-reply clock already covers the customer;
			// after it, the oldest unanswered comment sets the pace.
			boolean owed = ticket.sla().firstRepliedAt() != null && next.nextReplySince() == null;
			return owed ? next.awaitingReplySince(now) : next;
		}
		return comment.isPublic() ? next.awaitingReplySince(null) : next;
	}

	private static @Nullable Instant due(WorkingHours hours, Instant start, @Nullable Integer targetMinutes,
			SlaClocks.State state) {
		Duration target = Targets.minutes(targetMinutes);
		return (target != null) ? hours.plus(start, target, state.pauses()) : null;
	}

	/**
	 * Pending waits on the customer and solved on nobody; on hold the customer still
	 * waits, so the clocks run.
	 */
	private static boolean running(TicketStatus status) {
		return status != TicketStatus.PENDING && status != TicketStatus.SOLVED && status != TicketStatus.CLOSED;
	}

}
