package com.flowsupport.ticket.ticket;

import java.util.Locale;
import java.util.Optional;

/**
 * Incidents may be linked to the problem that causes them; tasks may have a due date.
 */
public enum TicketType {

	QUESTION, INCIDENT, PROBLEM, TASK;

	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static Optional<TicketType> parse(String value) {
		for (TicketType type : values()) {
			if (type.value().equals(value)) {
				return Optional.of(type);
			}
		}
		return Optional.empty();
	}

}
