package com.flowsupport.ticket.ticket;

import java.util.Locale;
import java.util.Optional;

public enum Priority {

	LOW, NORMAL, HIGH, URGENT;

	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static Optional<Priority> parse(String value) {
		for (Priority priority : values()) {
			if (priority.value().equals(value)) {
				return Optional.of(priority);
			}
		}
		return Optional.empty();
	}

}
