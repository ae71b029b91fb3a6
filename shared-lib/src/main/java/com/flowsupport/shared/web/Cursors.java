package com.flowsupport.shared.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;

/**
 * Opaque cursors: the sort key of the last row, as base64url JSON. Clients must not build
 * them; a cursor that does not decode is a 400 problem, never a 500.
 */
public final class Cursors {

	public static final int DEFAULT_LIMIT = 25;

	public static final int MAX_LIMIT = 100;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Cursors() {
	}

	public static String encode(Object key) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(key));
	}

	public static <T> @Nullable T decode(@Nullable String cursor, Class<T> keyType) {
		if (cursor == null || cursor.isBlank()) {
			return null;
		}
		try {
			return JSON.readValue(Base64.getUrlDecoder().decode(cursor.getBytes(StandardCharsets.US_ASCII)), keyType);
		}
		catch (IllegalArgumentException | JacksonException ex) {
			throw Problems.of(HttpStatus.BAD_REQUEST, "invalid-cursor", "Invalid cursor",
					"The cursor is not one this API issued.");
		}
	}

	/**
	 * The page size to use: {@link #DEFAULT_LIMIT} when absent, 1 to {@link #MAX_LIMIT}
	 * otherwise.
	 */
	public static int limit(@Nullable Integer requested) {
		if (requested == null) {
			return DEFAULT_LIMIT;
		}
		if (requested < 1 || requested > MAX_LIMIT) {
			throw Problems.of(HttpStatus.BAD_REQUEST, "invalid-limit", "Invalid limit",
					"limit must be between 1 and " + MAX_LIMIT + ".");
		}
		return requested;
	}

}
