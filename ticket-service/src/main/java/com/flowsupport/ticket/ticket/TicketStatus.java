package com.flowsupport.ticket.ticket;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where a ticket is in its life. {@code closed} is final; {@code new} is only ever the
 * first status.
 */
public enum TicketStatus {

	NEW, OPEN, PENDING, HOLD, SOLVED, CLOSED;

	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static Optional<TicketStatus> parse(String value) {
		for (TicketStatus status : values()) {
			if (status.value().equals(value)) {
				return Optional.of(status);
			}
		}
		return Optional.empty();
	}

	public boolean isUnresolved() {
		return this != SOLVED && this != CLOSED;
	}

	boolean canBecome(TicketStatus next) {
		return allowedNext().contains(next);
	}

	Set<TicketStatus> allowedNext() {
		return switch (this) {
			case NEW -> EnumSet.of(OPEN, PENDING, HOLD, SOLVED);
			case OPEN -> EnumSet.of(PENDING, HOLD, SOLVED);
			case PENDING -> EnumSet.of(OPEN, HOLD, SOLVED);
			case HOLD -> EnumSet.of(OPEN, PENDING, SOLVED);
			case SOLVED -> EnumSet.of(OPEN, CLOSED);
			case CLOSED -> EnumSet.noneOf(TicketStatus.class);
		};
	}

}
