package com.flowsupport.shared.web;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;

/**
 * Instants as clients write them (ISO-8601, {@code 2026-01-31T17:00:00Z}), limited to
 * what the database and {@code java.time}'s offsets both handle: years 0001 to 9999.
 * {@code Instant.parse} alone takes a year of a billion, which then fails as a 500 where
 * it is stored or compared.
 */
public final class Instants {

	public static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");

	public static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999Z");

	private Instants() {
	}

	/**
	 * @return the instant, or {@code null} when the text is not one or is out of range
	 */
	public static @Nullable Instant parse(String value) {
		try {
			Instant instant = Instant.parse(value);
			return (instant.isBefore(MIN) || instant.isAfter(MAX)) ? null : instant;
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
