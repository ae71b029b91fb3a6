package com.flowsupport.shared.web;

import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Locales as every service takes them: a language tag such as {@code en} or
 * {@code pt-BR}. Anything else is refused before it reaches SQL or a cache key.
 */
public final class Locales {

	private static final Pattern TAG = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})?");

	public static final String MESSAGE = "must be a language tag like en or pt-BR";

	private Locales() {
	}

	public static boolean isTag(String value) {
		return TAG.matcher(value).matches();
	}

	/** The body's {@code locale} field; a wrong one is recorded as the field's error. */
	public static @Nullable String read(JsonReader in) {
		String locale = in.text("locale", 20, false);
		if (locale != null && !isTag(locale)) {
			in.reject("locale", MESSAGE);
			return null;
		}
		return locale;
	}

	/**
	 * A query parameter's locale, as given; a 422 problem naming it when it is not one.
	 */
	public static @Nullable String param(String name, @Nullable String value) {
		if (value != null && !isTag(value)) {
			throw Problems.unprocessable(Map.of(name, MESSAGE));
		}
		return value;
	}

}
