package com.flowsupport.ticket.field;

import java.util.Locale;
import java.util.Optional;

/** The kinds of custom ticket field a tenant can define. */
public enum FieldType {

	TEXT, TEXTAREA, CHECKBOX, DATE, INTEGER, DECIMAL, REGEX, DROPDOWN, MULTISELECT;

	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static Optional<FieldType> parse(String value) {
		for (FieldType type : values()) {
			if (type.value().equals(value)) {
				return Optional.of(type);
			}
		}
		return Optional.empty();
	}

	boolean hasOptions() {
		return this == DROPDOWN || this == MULTISELECT;
	}

}
