package com.flowsupport.rag.answer;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import com.flowsupport.shared.web.JsonReader;

/** The {@code locale} field of requests: a language tag as kb-service takes it. */
public final class Locales {

	private static final Pattern TAG = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})?");

	private Locales() {
	}

	public static @Nullable String read(JsonReader in) {
		String locale = in.text("locale", 20, false);
		if (locale != null && !TAG.matcher(locale).matches()) {
			in.reject("locale", "must be a language tag like en or pt-BR");
			return null;
		}
		return locale;
	}

}
