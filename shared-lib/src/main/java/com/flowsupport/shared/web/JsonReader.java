package com.flowsupport.shared.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;

/**
 * Reads a JSON request body field by field, collecting every problem so that one 422
 * names them all. Unknown fields are errors, not silently ignored: a client that sends
 * {@code tenantId} or a misspelt field learns it at once, and nothing is mass-assigned.
 * Reading a field distinguishes absent from {@code null} (which clears it), as JSON merge
 * patch does.
 */
public final class JsonReader {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * PostgreSQL cannot store a NUL character in text; a value holding one is the
	 * client's mistake (or a probe), so it is named here rather than failing in the
	 * database.
	 */
	public static final String NUL_MESSAGE = "must not contain NUL characters";

	private final JsonNode body;

	private final Map<String, String> errors = new TreeMap<>();

	public JsonReader(@Nullable JsonNode body, Set<String> allowed) {
		if (body == null || !body.isObject()) {
			throw Problems.of(HttpStatus.BAD_REQUEST, "invalid-body", "Invalid body",
					"The body must be a JSON object.");
		}
		this.body = body;
		for (String name : body.propertyNames()) {
			if (!allowed.contains(name)) {
				this.errors.put(name,
						"is not a field of this request (allowed: " + allowed.stream().sorted().toList() + ")");
			}
		}
	}

	/** Whether {@code text} holds a NUL character, which PostgreSQL cannot store. */
	public static boolean hasNul(String text) {
		return text.indexOf('\u0000') >= 0;
	}

	public boolean has(String name) {
		return this.body.has(name);
	}

	public void reject(String name, String message) {
		this.errors.put(name, message);
	}

	/**
	 * @return the text, or {@code null} when absent or null (then an error if required)
	 */
	public @Nullable String text(String name, int maxLength, boolean required) {
		JsonNode node = this.body.get(name);
		if (node == null || node.isNull()) {
			if (required) {
				this.errors.put(name, "is required");
			}
			return null;
		}
		if (!node.isString()) {
			this.errors.put(name, "must be a string");
			return null;
		}
		String value = node.stringValue();
		if (hasNul(value)) {
			this.errors.put(name, NUL_MESSAGE);
			return null;
		}
		if (required && value.isBlank()) {
			this.errors.put(name, "must not be blank");
			return null;
		}
		if (value.length() > maxLength) {
			this.errors.put(name, "must be at most " + maxLength + " characters");
			return null;
		}
		return value;
	}

	public @Nullable UUID uuid(String name) {
		String value = text(name, 36, false);
		if (value == null) {
			return null;
		}
		try {
			return UUID.fromString(value);
		}
		catch (IllegalArgumentException ex) {
			this.errors.put(name, "must be a UUID");
			return null;
		}
	}

	public @Nullable Boolean bool(String name) {
		JsonNode node = this.body.get(name);
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.isBoolean()) {
			this.errors.put(name, "must be true or false");
			return null;
		}
		return node.booleanValue();
	}

	/**
	 * @return the integer, or {@code null} when absent or null
	 */
	public @Nullable Integer integer(String name, int min, int max) {
		JsonNode node = this.body.get(name);
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < min || node.intValue() > max) {
			this.errors.put(name, "must be an integer from " + min + " to " + max);
			return null;
		}
		return node.intValue();
	}

	public @Nullable Instant instant(String name) {
		String value = text(name, 40, false);
		if (value == null) {
			return null;
		}
		Instant instant = Instants.parse(value);
		if (instant == null) {
			this.errors.put(name, "must be an ISO-8601 instant like 2026-01-31T17:00:00Z, in the years 0001 to 9999");
		}
		return instant;
	}

	public <E> @Nullable E choice(String name, Function<String, Optional<E>> parser, String allowed) {
		String value = text(name, 40, false);
		if (value == null) {
			return null;
		}
		Optional<E> parsed = parser.apply(value);
		if (parsed.isEmpty()) {
			this.errors.put(name, "must be one of " + allowed);
		}
		return parsed.orElse(null);
	}

	public List<String> strings(String name, int maxItems) {
		JsonNode node = this.body.get(name);
		List<String> values = new ArrayList<>();
		if (node == null || node.isNull()) {
			return values;
		}
		if (!node.isArray() || node.size() > maxItems) {
			this.errors.put(name, "must be a list of at most " + maxItems + " strings");
			return values;
		}
		for (JsonNode item : node.values()) {
			if (!item.isString()) {
				this.errors.put(name, "must be a list of strings");
				return List.of();
			}
			if (hasNul(item.stringValue())) {
				this.errors.put(name, NUL_MESSAGE);
				return List.of();
			}
			values.add(item.stringValue());
		}
		return values;
	}

	public List<UUID> uuids(String name, int maxItems) {
		List<UUID> values = new ArrayList<>();
		for (String value : strings(name, maxItems)) {
			try {
				values.add(UUID.fromString(value));
			}
			catch (IllegalArgumentException ex) {
				this.errors.put(name, "must be a list of UUIDs");
				return List.of();
			}
		}
		return values;
	}

	/** An object's members as plain Java values ({@code null} kept: it clears). */
	public Map<String, @Nullable Object> object(String name) {
		JsonNode node = this.body.get(name);
		Map<String, @Nullable Object> values = new LinkedHashMap<>();
		if (node == null || node.isNull()) {
			return values;
		}
		if (!node.isObject()) {
			this.errors.put(name, "must be an object");
			return values;
		}
		for (Map.Entry<String, JsonNode> entry : node.properties()) {
			JsonNode value = entry.getValue();
			values.put(entry.getKey(), value.isNull() ? null
					: value.isFloatingPointNumber() ? value.decimalValue() : JSON.treeToValue(value, Object.class));
		}
		return values;
	}

	/** Throws the 422 listing every problem found, if any. */
	public void finish() {
		if (!this.errors.isEmpty()) {
			throw Problems.unprocessable(this.errors);
		}
	}

}
