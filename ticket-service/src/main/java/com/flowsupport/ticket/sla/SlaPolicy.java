package com.flowsupport.ticket.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

import com.flowsupport.ticket.ticket.Priority;
import com.flowsupport.ticket.ticket.Ticket;

/**
 * An SLA policy: which tickets it covers, and the targets it sets them by priority. The
 * first policy, by position, whose conditions a ticket meets is the one in force.
 *
 * @param position order among the tenant's policies, lowest first
 * @param targets by priority value ({@code low}, {@code normal}, {@code high},
 * {@code urgent}); a priority without targets is not tracked
 * @param businessHours whether the clocks run in the tenant's business hours only
 * (calendar hours otherwise)
 */
record SlaPolicy(UUID id, String name, @Nullable String description, int position, Conditions conditions,
		Map<String, Targets> targets, boolean businessHours, long version, Instant createdAt, Instant updatedAt) {

	boolean appliesTo(Ticket ticket) {
		return this.conditions.matches(ticket);
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

	/**
	 * Every condition of {@code all} and, if {@code any} has some, at least one of them.
	 * No conditions: every ticket.
	 */
	record Conditions(List<Condition> all, List<Condition> any) {

		static final Conditions NONE = new Conditions(List.of(), List.of());

		Conditions {
			all = List.copyOf(all);
			any = List.copyOf(any);
		}

		boolean matches(Ticket ticket) {
			return this.all.stream().allMatch((condition) -> condition.matches(ticket))
					&& (this.any.isEmpty() || this.any.stream().anyMatch((condition) -> condition.matches(ticket)));
		}

	}

	/**
	 * One test of a ticket field; {@link SlaPolicyRequests} admits only meaningful
	 * combinations.
	 *
	 * @param field {@code priority}, {@code type}, {@code group}, {@code channel} or
	 * {@code tags}
	 * @param operator {@code is}, {@code is_not}; {@code less_than}, {@code greater_than}
	 * for priority; {@code includes} (any of), {@code excludes} (none of) for tags
	 * @param value a priority, type, group id ({@code null}: no group) or channel; a list
	 * of tags
	 */
	record Condition(String field, String operator, @Nullable Object value) {

		boolean matches(Ticket ticket) {
			return switch (this.field) {
				case "priority" -> comparePriority(ticket.priority());
				case "type" -> is(ticket.type().value());
				case "group" -> is((ticket.groupId() != null) ? ticket.groupId().toString() : null);
				case "channel" -> is(ticket.channel());
				case "tags" -> {
					boolean any = tags().stream().anyMatch(ticket.tags()::contains);
					yield "includes".equals(this.operator) == any;
				}
				default -> throw new IllegalStateException("Unknown condition field " + this.field);
			};
		}

		private boolean is(@Nullable String actual) {
			return "is".equals(this.operator) == Objects.equals(actual, this.value);
		}

		private boolean comparePriority(Priority actual) {
			Priority expected = Priority.parse(String.valueOf(this.value)).orElseThrow();
			return switch (this.operator) {
				case "less_than" -> actual.compareTo(expected) < 0;
				case "greater_than" -> actual.compareTo(expected) > 0;
				default -> is(actual.value());
			};
		}

		private List<String> tags() {
			return (this.value instanceof List<?> list) ? list.stream().map(String::valueOf).toList() : List.of();
		}

	}

}
