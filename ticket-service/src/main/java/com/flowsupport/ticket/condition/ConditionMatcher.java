package com.flowsupport.ticket.condition;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.flowsupport.ticket.ticket.FieldChange;
import com.flowsupport.ticket.ticket.Priority;
import com.flowsupport.ticket.ticket.Ticket;
import com.flowsupport.ticket.ticket.TicketStatus;
import com.flowsupport.ticket.ticket.TicketUpdate;

import static com.flowsupport.ticket.condition.FieldValues.same;

/**
 * Decides whether conditions hold for a ticket update, as the ticket stands now: changes
 * made by triggers that fired earlier in the same update count, which is what lets one
 * trigger react to another, and an SLA policy see the ticket as the rules left it.
 */
final class ConditionMatcher {

	private ConditionMatcher() {
	}

	static boolean matches(Conditions conditions, TicketUpdate update) {
		return conditions.all().stream().allMatch((condition) -> matches(condition, update))
				&& (conditions.any().isEmpty() || conditions.any().stream().anyMatch((c) -> matches(c, update)));
	}

	static boolean matches(Condition condition, TicketUpdate update) {
		Ticket ticket = update.ticket();
		Object expected = resolve(condition.value(), update);
		if (condition.field().startsWith(ConditionField.CUSTOM_FIELD_PREFIX)) {
			String key = condition.field().substring(ConditionField.CUSTOM_FIELD_PREFIX.length());
			return compare(condition.operator(), ticket.customFields().get(key), expected, "customFields." + key,
					update);
		}
		ConditionField field = ConditionField.parse(condition.field()).orElseThrow();
		TicketUpdate.CommentContext comment = update.comment();
		return switch (field) {
			case STATUS -> isOrdering(condition.operator())
					? ordered(condition.operator(), ticket.status().ordinal(),
							TicketStatus.parse(String.valueOf(expected)).orElseThrow().ordinal())
					: compare(condition.operator(), ticket.status().value(), expected, "status", update);
			case PRIORITY -> isOrdering(condition.operator())
					? ordered(condition.operator(), ticket.priority().ordinal(),
							Priority.parse(String.valueOf(expected)).orElseThrow().ordinal())
					: compare(condition.operator(), ticket.priority().value(), expected, "priority", update);
			case TYPE -> compare(condition.operator(), ticket.type().value(), expected, "type", update);
			case GROUP -> compare(condition.operator(), ticket.groupId(), expected, "groupId", update);
			case ASSIGNEE -> compare(condition.operator(), ticket.assigneeId(), expected, "assigneeId", update);
			case REQUESTER -> compare(condition.operator(), ticket.requesterId(), expected, "requesterId", update);
			case CHANNEL -> compare(condition.operator(), ticket.channel(), expected, "channel", update);
			case TAGS -> includes(condition.operator(), ticket.tags(), expected);
			case SUBJECT -> contains(condition.operator(), ticket.subject(), expected);
			case DESCRIPTION -> contains(condition.operator(), ticket.description(), expected);
			case COMMENT_BODY -> comment != null && contains(condition.operator(), comment.body(), expected);
			case UPDATE_TYPE -> update.kind().name().equalsIgnoreCase(String.valueOf(expected));
			case COMMENT_IS_PUBLIC -> comment != null && comment.isPublic() == Boolean.TRUE.equals(expected);
			case COMMENT_BY_CUSTOMER -> comment != null && comment.byCustomer() == Boolean.TRUE.equals(expected);
		};
	}

	/**
	 * {@code current_user} stands for whoever makes the update (no one, for a service).
	 */
	private static @Nullable Object resolve(@Nullable Object value, TicketUpdate update) {
		if (FieldValues.CURRENT_USER.equals(value)) {
			UUID user = update.actor().userId();
			return (user != null) ? user.toString() : "";
		}
		return value;
	}

	private static boolean isOrdering(Operator operator) {
		return operator == Operator.LESS_THAN || operator == Operator.GREATER_THAN;
	}

	/**
	 * Statuses and priorities are ordered as declared: new before open, low before high.
	 */
	private static boolean ordered(Operator operator, int current, int expected) {
		return (operator == Operator.LESS_THAN) ? current < expected : current > expected;
	}

	private static boolean compare(Operator operator, @Nullable Object current, @Nullable Object expected,
			String auditField, TicketUpdate update) {
		return switch (operator) {
			case IS -> same(current, expected);
			case IS_NOT -> !same(current, expected);
			case PRESENT -> !isEmpty(current);
			case NOT_PRESENT -> isEmpty(current);
			case INCLUDES -> current instanceof Collection<?> values && contains(values, expected);
			case NOT_INCLUDES -> !(current instanceof Collection<?> values && contains(values, expected));
			default -> changed(operator, current, expected, auditField, update);
		};
	}

	/**
	 * The "changed" operators compare the field as it stands now with what it was when
	 * the update began: set and set back within one update is no change.
	 */
	private static boolean changed(Operator operator, @Nullable Object current, @Nullable Object expected,
			String auditField, TicketUpdate update) {
		List<FieldChange> changes = update.changes()
			.stream()
			.filter((change) -> change.field().equals(auditField))
			.toList();
		Object original = changes.isEmpty() ? current : changes.getFirst().from();
		boolean changed = !changes.isEmpty() && !same(original, current);
		return switch (operator) {
			case CHANGED -> changed;
			case NOT_CHANGED -> !changed;
			case CHANGED_TO -> changed && same(current, expected);
			case CHANGED_FROM -> changed && same(original, expected);
			case NOT_CHANGED_TO -> !(changed && same(current, expected));
			case NOT_CHANGED_FROM -> !(changed && same(original, expected));
			default -> throw new IllegalStateException(operator + " is not a comparison the parser lets through");
		};
	}

	/** Tags: includes means at least one of the tags, not includes means none of them. */
	private static boolean includes(Operator operator, List<String> tags, @Nullable Object expected) {
		boolean any = expected instanceof Collection<?> wanted && wanted.stream().anyMatch(tags::contains);
		return (operator == Operator.INCLUDES) == any;
	}

	private static boolean contains(Operator operator, String text, @Nullable Object expected) {
		boolean found = text.toLowerCase(Locale.ROOT).contains(String.valueOf(expected).toLowerCase(Locale.ROOT));
		return (operator == Operator.CONTAINS) == found;
	}

	private static boolean contains(Collection<?> values, @Nullable Object value) {
		return values.stream().anyMatch((item) -> same(item, value));
	}

	private static boolean isEmpty(@Nullable Object value) {
		return value == null || (value instanceof String text && text.isBlank())
				|| (value instanceof Collection<?> list && list.isEmpty());
	}

}
