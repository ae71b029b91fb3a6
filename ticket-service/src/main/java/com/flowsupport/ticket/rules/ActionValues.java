package com.flowsupport.ticket.rules;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.ticket.condition.FieldValues;
import com.flowsupport.ticket.ticket.Priority;
import com.flowsupport.ticket.ticket.TicketStatus;
import com.flowsupport.ticket.ticket.TicketType;

/**
 * Reads the values of stored actions, which {@link RuleParser} validated and normalized
 * before they were stored.
 */
final class ActionValues {

	private ActionValues() {
	}

	static TicketStatus status(Action action) {
		return TicketStatus.parse(text(action)).orElseThrow();
	}

	static Priority priority(Action action) {
		return Priority.parse(text(action)).orElseThrow();
	}

	static TicketType type(Action action) {
		return TicketType.parse(text(action)).orElseThrow();
	}

	static @Nullable UUID id(Action action) {
		return (action.value() != null) ? UUID.fromString(action.value().toString()) : null;
	}

	static boolean isCurrentUser(Action action) {
		return FieldValues.CURRENT_USER.equals(action.value());
	}

	/**
	 * The assignee an action sets: {@code current_user} is whoever applies it, and
	 * {@code null} when that is a service, which is no one to assign.
	 */
	static @Nullable UUID assignee(Action action, CallerIdentity caller) {
		return isCurrentUser(action) ? caller.userId() : id(action);
	}

	static List<String> tags(Action action) {
		return ((List<?>) Objects.requireNonNull(action.value())).stream().map(Object::toString).toList();
	}

	static String customFieldKey(Action action) {
		return action.field().substring(Action.CUSTOM_FIELD_PREFIX.length());
	}

	static String text(Action action) {
		return Objects.requireNonNull(action.value()).toString();
	}

}
