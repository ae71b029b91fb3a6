package com.flowsupport.ticket.condition;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a condition compares a ticket field with its value. */
public enum Operator {

	IS, IS_NOT, LESS_THAN, GREATER_THAN, INCLUDES, NOT_INCLUDES, CONTAINS, NOT_CONTAINS, PRESENT, NOT_PRESENT, CHANGED,
	NOT_CHANGED, CHANGED_TO, CHANGED_FROM, NOT_CHANGED_TO, NOT_CHANGED_FROM;

	@JsonValue
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** Operators that look at the field alone, with no value to compare. */
	boolean takesValue() {
		return this != PRESENT && this != NOT_PRESENT && this != CHANGED && this != NOT_CHANGED;
	}

	static Optional<Operator> parse(String value) {
		return Arrays.stream(values()).filter((operator) -> operator.value().equals(value)).findFirst();
	}

}
