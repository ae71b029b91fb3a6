package com.flowsupport.ticket.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

import com.flowsupport.ticket.condition.Conditions;
import com.flowsupport.ticket.ticket.Priority;
import com.flowsupport.ticket.ticket.TicketUpdate;

/**
 * An SLA policy: which tickets it covers, and the targets it sets them by priority. The
 * first policy, by position, whose conditions a ticket meets is the one in force.
 *
 * @param position order among the tenant's policies, lowest first
 * @param conditions over what kind of ticket it is
 * ({@link com.flowsupport.ticket.condition.ConditionParser.Scope#TICKET}); none: every
 * ticket
 * @param targets by priority value ({@code low}, {@code normal}, {@code high},
 * {@code urgent}); a priority without targets is not tracked
 * @param businessHours whether the clocks run in the tenant's business hours only
 * (calendar hours otherwise)
 */
record SlaPolicy(UUID id, String name, @Nullable String description, int position, Conditions conditions,
		Map<String, Targets> targets, boolean businessHours, long version, Instant createdAt, Instant updatedAt) {

	boolean appliesTo(TicketUpdate update) {
		return this.conditions.matches(update);
	}

	Targets targetsFor(Priority priority) {
		return this.targets.getOrDefault(priority.value(), Targets.NONE);
	}

	/**
	 * Minutes allowed per metric; an absent metric is not tracked.
	 *
	 * @param firstReply from the ticket's creation to the first public agent reply
	 * @param nextReply from a customer's comment to the next public agent reply
	 * @param resolution from the ticket's creation until it is solved
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Targets(@Nullable Integer firstReply, @Nullable Integer nextReply, @Nullable Integer resolution) {

		static final Targets NONE = new Targets(null, null, null);

		static @Nullable Duration minutes(@Nullable Integer minutes) {
			return (minutes != null) ? Duration.ofMinutes(minutes) : null;
		}

	}

}
