package com.flowsupport.shared.web;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * Optimistic locking over HTTP: an aggregate's {@code version} travels as a strong ETag,
 * and an update that carries {@code If-Match} applies only to that version (412
 * otherwise).
 */
public final class ETags {

	private ETags() {
	}

	public static String of(long version) {
		return "\"" + version + "\"";
	}

	/**
	 * @return the version an {@code If-Match} header names, or {@code null} without the
	 * header
	 */
	public static @Nullable Long expectedVersion(@Nullable String ifMatch) {
		if (ifMatch == null || ifMatch.isBlank() || "*".equals(ifMatch.trim())) {
			return null;
		}
		String value = ifMatch.trim();
		if (value.startsWith("W/")) {
			value = value.substring(2);
		}
		if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
			value = value.substring(1, value.length() - 1);
		}
		try {
			return Long.parseLong(value);
		}
		catch (NumberFormatException ex) {
			// An ETag we never issued can match no current version.
			throw Problems.of(HttpStatus.PRECONDITION_FAILED, "stale-version", "Precondition failed",
					"If-Match does not name a version of this resource.");
		}
	}

}
