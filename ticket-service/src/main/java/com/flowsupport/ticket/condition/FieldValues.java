package com.flowsupport.ticket.condition;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.ErrorResponseException;

import com.flowsupport.shared.web.ProblemDetailsAdvice;
import com.flowsupport.ticket.field.CustomFields;
import com.flowsupport.ticket.field.FieldDefinition;
import com.flowsupport.shared.web.JsonReader;
import com.flowsupport.ticket.ticket.Tags;

/**
 * The values rules give ticket fields, in conditions and in actions alike. Reading is
 * strict: a value that does not fit is a problem named by its place
 * ({@code conditions.all[1].value}, {@code actions[0].value}) and collected in a
 * {@link JsonReader}, and the read returns {@link #INVALID}. What is read is normalized
 * (ids as text, tags lower-case, custom field values canonical), so that using it needs
 * no further checks.
 */
public final class FieldValues {

	/** Stands for whoever makes the update or applies the macro, as a user value. */
	public static final String CURRENT_USER = "current_user";

	/**
	 * What a read returns for a value it refused (its problem is recorded); {@code null}
	 * is a value ("none").
	 */
	public static final Object INVALID = new Object();

	private final JsonReader problems;

	private final CustomFields customFields;

	private final JsonMapper json;

	private @Nullable Map<String, FieldDefinition> definitions;

	/**
	 * @param problems where problems are collected; the caller throws them all at once
	 * with {@link JsonReader#finish()}
	 */
	public FieldValues(JsonReader problems, CustomFields customFields, JsonMapper json) {
		this.problems = problems;
		this.customFields = customFields;
		this.json = json;
	}

	public Object choice(JsonNode value, String path, List<String> allowed) {
		if (value.isString() && allowed.contains(value.stringValue())) {
			return value.stringValue();
		}
		this.problems.reject(path, "must be one of " + allowed);
		return INVALID;
	}

	/**
	 * A user or group id as text; {@link #CURRENT_USER} where {@code currentUser};
	 * {@code null} for none, where {@code nullable}.
	 */
	public @Nullable Object id(JsonNode value, String path, boolean currentUser, boolean nullable) {
		if (value.isNull() && nullable) {
			return null;
		}
		if (value.isString() && currentUser && value.stringValue().equals(CURRENT_USER)) {
			return CURRENT_USER;
		}
		Object id = value.isString() ? uuid(value.stringValue()) : null;
		if (id == null) {
			this.problems.reject(path, "must be " + (currentUser ? "a user id or current_user" : "a group id")
					+ (nullable ? ", or null for none" : ""));
			return INVALID;
		}
		return id;
	}

	/** A list of tags, or a string of tags separated by spaces. */
	public Object tags(JsonNode value, String path, boolean emptyAllowed) {
		List<String> tags = new ArrayList<>();
		if (value.isString()) {
			tags.addAll(Arrays.asList(value.stringValue().trim().split("\\s+")));
			tags.removeIf(String::isEmpty);
		}
		else if (value.isArray()) {
			for (JsonNode item : value.values()) {
				if (!item.isString()) {
					this.problems.reject(path, "must be a list of tags or a string of tags separated by spaces");
					return INVALID;
				}
				tags.add(item.stringValue());
			}
		}
		else {
			this.problems.reject(path, "must be a list of tags or a string of tags separated by spaces");
			return INVALID;
		}
		if (tags.isEmpty() && !emptyAllowed) {
			this.problems.reject(path, "must name at least one tag");
			return INVALID;
		}
		try {
			return Tags.normalize(tags);
		}
		catch (ErrorResponseException ex) {
			this.problems.reject(path, messageOf(ex));
			return INVALID;
		}
	}

	public Object text(JsonNode value, String path, int max) {
		if (!value.isString() || value.stringValue().isBlank()) {
			this.problems.reject(path, "must be a non-blank string");
			return INVALID;
		}
		String text = value.stringValue();
		if (text.length() > max) {
			this.problems.reject(path, "must be at most " + max + " characters");
			return INVALID;
		}
		return text;
	}

	public Object bool(JsonNode value, String path) {
		if (!value.isBoolean()) {
			this.problems.reject(path, "must be true or false");
			return INVALID;
		}
		return value.booleanValue();
	}

	/** A value of a custom field, as the field's definition accepts and normalizes it. */
	public Object custom(FieldDefinition field, JsonNode value, String path) {
		return custom(field, javaValue(value), path);
	}

	/**
	 * The options a multiselect custom field is tested for, one given alone, checked as
	 * the field's definition checks a list of them.
	 */
	Object customOption(FieldDefinition field, JsonNode value, String path) {
		Object options = custom(field, List.of(javaValue(value)), path);
		return (options instanceof List<?> list) ? list.getFirst() : INVALID;
	}

	private Object custom(FieldDefinition field, Object value, String path) {
		Map<String, @Nullable Object> patch = new HashMap<>();
		patch.put(field.key(), value);
		try {
			return this.customFields.merge(Map.of(), patch).get(field.key());
		}
		catch (ErrorResponseException ex) {
			this.problems.reject(path, messageOf(ex));
			return INVALID;
		}
	}

	/** The tenant's active custom field {@code key}, or a problem at {@code path}. */
	public @Nullable FieldDefinition customField(String key, String path) {
		if (this.definitions == null) {
			Map<String, FieldDefinition> active = new HashMap<>();
			this.customFields.definitions()
				.stream()
				.filter(FieldDefinition::active)
				.forEach((definition) -> active.put(definition.key(), definition));
			this.definitions = active;
		}
		FieldDefinition field = this.definitions.get(key);
		if (field == null) {
			this.problems.reject(path, "there is no active custom field '" + key + "'");
		}
		return field;
	}

	/** Records a problem for each member of {@code node} not in {@code allowed}. */
	public void rejectUnknown(JsonNode node, String path, Set<String> allowed) {
		for (String name : node.propertyNames()) {
			if (!allowed.contains(name)) {
				this.problems.reject(path + "." + name,
						"is not a member here (allowed: " + allowed.stream().sorted().toList() + ")");
			}
		}
	}

	public @Nullable String requiredText(JsonNode node, String name, String path) {
		JsonNode value = node.get(name);
		if (value == null || !value.isString() || value.stringValue().isBlank()) {
			this.problems.reject(path + "." + name, "is required");
			return null;
		}
		return value.stringValue();
	}

	private Object javaValue(JsonNode value) {
		return value.isFloatingPointNumber() ? value.decimalValue() : this.json.treeToValue(value, Object.class);
	}

	/**
	 * The id in its canonical text form, or {@code null} when {@code text} is not one.
	 */
	public static @Nullable String uuid(String text) {
		try {
			return UUID.fromString(text).toString();
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/** The message of a problem that names one field, without the field's own name. */
	public static String messageOf(ErrorResponseException ex) {
		Map<String, Object> properties = ex.getBody().getProperties();
		Object errors = (properties != null) ? properties.get("errors") : null;
		if (errors instanceof List<?> list && !list.isEmpty()
				&& list.getFirst() instanceof ProblemDetailsAdvice.FieldProblem problem && problem.message() != null) {
			return problem.message();
		}
		return String.valueOf(ex.getBody().getDetail());
	}

	/**
	 * Equality across the shapes a value takes (a UUID or its text; a number read back
	 * from JSON as another number type; a multiselect's options in any order). An
	 * unchecked checkbox has no value, which is false.
	 */
	public static boolean same(@Nullable Object a, @Nullable Object b) {
		if (a == null || b == null) {
			return (a == null && b == null) || Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b);
		}
		if (a instanceof Number x && b instanceof Number y) {
			return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
		}
		if (a instanceof Collection<?> x && b instanceof Collection<?> y) {
			return texts(x).equals(texts(y));
		}
		return a.toString().equals(b.toString());
	}

	private static Set<String> texts(Collection<?> values) {
		return values.stream().map((value) -> Objects.toString(value)).collect(Collectors.toSet());
	}

}
