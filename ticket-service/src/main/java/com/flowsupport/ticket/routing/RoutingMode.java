package com.flowsupport.ticket.routing;

import java.util.Locale;
import java.util.Optional;

/**
 * How a group takes its tickets: {@code manual} (someone assigns them) or
 * {@code round_robin} (routing gives each unassigned ticket to the least loaded member).
 */
enum RoutingMode {

	MANUAL, ROUND_ROBIN;

	String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	static Optional<RoutingMode> parse(String value) {
		for (RoutingMode mode : values()) {
			if (mode.value().equals(value)) {
				return Optional.of(mode);
			}
		}
		return Optional.empty();
	}

}
