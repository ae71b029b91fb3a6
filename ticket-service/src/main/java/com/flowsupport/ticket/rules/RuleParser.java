package com.flowsupport.ticket.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.ErrorResponseException;

import com.flowsupport.shared.web.ProblemDetailsAdvice;
import com.flowsupport.ticket.field.CustomFields;
import com.flowsupport.ticket.field.FieldDefinition;
import com.flowsupport.ticket.field.FieldType;
import com.flowsupport.ticket.ticket.JsonReader;
import com.flowsupport.ticket.ticket.Priority;
import com.flowsupport.ticket.ticket.Tags;
import com.flowsupport.ticket.ticket.TicketStatus;
import com.flowsupport.ticket.ticket.TicketType;

/**
 * Reads the conditions and actions of a trigger or macro, strictly: an unknown field,
 * operator or value is a problem named by its place ({@code conditions.all[1].operator},
 * {@code actions[0].value}), so that a rule that would silently never match is never
 * stored. What it returns is normalized (tags lower-case, custom field values canonical)
 * so that evaluating it needs no further checks.
 */
final class RuleParser {

	/** What the actions are for: triggers notify and add notes, macros comment. */
	enum Use {

		TRIGGER, MACRO

	}

	static final int MAX_CONDITIONS = 50;

	static final int MAX_ACTIONS = 50;

	static final int TEXT_MAX = 1_000;

	static final int SUBJECT_MAX = 250;

	static final int BODY_MAX = 65_535;

	static final int MAX_POSITION = 1_000_000;

	static final int NAME_MAX = 200;

	static final int DESCRIPTION_MAX = 2_000;

	static final String CURRENT_USER = "current_user";

	/** The channels a ticket can come from, as the ticket API accepts them. */
	static final List<String> CHANNELS = List.of("api", "web", "email", "sms", "whatsapp", "chat", "voice");

	static final List<String> RECIPIENTS = List.of("requester", "assignee", "group");

	/**
	 * A rule never makes a ticket new again, and closing is the end of a solved ticket's
	 * life, not something to do along with other changes.
	 */
	private static final List<String> SETTABLE_STATUSES = List.of("open", "pending", "hold", "solved");

	/** Actions that may appear more than once; the others set one value. */
	private static final Set<String> REPEATABLE = Set.of(Action.ADD_TAGS, Action.REMOVE_TAGS, Action.ADD_NOTE,
			Action.NOTIFY);

	private static final Object INVALID = new Object();

	private final JsonReader problems;

	private final CustomFields customFields;

	private final JsonMapper json;

	private @Nullable Map<String, FieldDefinition> definitions;

	/**
	 * @param problems where problems are collected; the caller throws them all at once
	 * with {@link JsonReader#finish()}
	 */
	RuleParser(JsonReader problems, CustomFields customFields, JsonMapper json) {
		this.problems = problems;
		this.customFields = customFields;
		this.json = json;
	}

	/**
	 * What triggers and macros have besides their rules: how they are listed.
	 *
	 * @param position {@code null} on a create that names none: the rule goes last
	 */
	record Header(String name, @Nullable String description, boolean active, @Nullable Integer position) {
	}

	/**
	 * Reads name, description, active flag and position: all of them for a create
	 * ({@code current} is {@code null}), those the body names over {@code current} for an
	 * update.
	 */
	Header header(JsonNode body, @Nullable Header current) {
		String name = (current == null || body.has("name")) ? this.problems.text("name", NAME_MAX, true)
				: current.name();
		String description = (current == null || body.has("description"))
				? this.problems.text("description", DESCRIPTION_MAX, false) : current.description();
		boolean active = (current == null) || current.active();
		if (body.has("active")) {
			Boolean value = this.problems.bool("active");
			if (value == null) {
				this.problems.reject("active", "must be true or false");
			}
			active = Boolean.TRUE.equals(value);
		}
		Integer position = (current != null) ? current.position() : null;
		JsonNode value = body.get("position");
		if (value != null) {
			position = null;
			if (!value.isInt() || value.intValue() < 0 || value.intValue() > MAX_POSITION) {
				this.problems.reject("position", "must be a whole number from 0 to " + MAX_POSITION);
			}
			else {
				position = value.intValue();
			}
		}
		return new Header(Objects.requireNonNullElse(name, ""), description, active, position);
	}

	// --- conditions ---

	Conditions conditions(@Nullable JsonNode node) {
		if (node == null || !node.isObject()) {
			this.problems.reject("conditions", "must be an object {\"all\": [...], \"any\": [...]}");
			return new Conditions(List.of(), List.of());
		}
		for (String name : node.propertyNames()) {
			if (!name.equals("all") && !name.equals("any")) {
				this.problems.reject("conditions." + name, "is not a part of conditions (allowed: all, any)");
			}
		}
		List<Condition> all = conditionList(node.get("all"), "conditions.all");
		List<Condition> any = conditionList(node.get("any"), "conditions.any");
		if (size(node.get("all")) + size(node.get("any")) == 0) {
			this.problems.reject("conditions", "a trigger needs at least one condition in all or any");
		}
		return new Conditions(all, any);
	}

	private List<Condition> conditionList(@Nullable JsonNode node, String path) {
		List<Condition> conditions = new ArrayList<>();
		if (node == null || node.isNull()) {
			return conditions;
		}
		if (!node.isArray() || node.size() > MAX_CONDITIONS) {
			this.problems.reject(path, "must be a list of at most " + MAX_CONDITIONS + " conditions");
			return conditions;
		}
		for (int i = 0; i < node.size(); i++) {
			Condition condition = condition(node.get(i), path + "[" + i + "]");
			if (condition != null) {
				conditions.add(condition);
			}
		}
		return conditions;
	}

	private @Nullable Condition condition(JsonNode node, String path) {
		if (!node.isObject()) {
			this.problems.reject(path, "must be an object {\"field\", \"operator\", \"value\"}");
			return null;
		}
		rejectUnknown(node, path, Set.of("field", "operator", "value"));
		String field = requiredText(node, "field", path);
		String operatorName = requiredText(node, "operator", path);
		if (field == null || operatorName == null) {
			return null;
		}
		Operator operator = Operator.parse(operatorName).orElse(null);
		if (operator == null) {
			this.problems.reject(path + ".operator",
					"must be one of " + Arrays.stream(Operator.values()).map(Operator::value).toList());
			return null;
		}
		ConditionField known = ConditionField.parse(field).orElse(null);
		FieldDefinition custom = null;
		Set<Operator> allowed;
		if (known != null) {
			allowed = known.operators();
		}
		else if (field.startsWith(ConditionField.CUSTOM_FIELD_PREFIX)) {
			custom = customField(field.substring(ConditionField.CUSTOM_FIELD_PREFIX.length()), path + ".field");
			if (custom == null) {
				return null;
			}
			allowed = ConditionField.customFieldOperators(custom.type() == FieldType.MULTISELECT);
		}
		else {
			this.problems.reject(path + ".field",
					"must be one of " + Arrays.stream(ConditionField.values()).map(ConditionField::value).toList()
							+ " or custom_fields.<key>");
			return null;
		}
		if (!allowed.contains(operator)) {
			this.problems.reject(path + ".operator", "'" + field + "' takes "
					+ allowed.stream().map(Operator::value).sorted().toList() + ", not " + operatorName);
			return null;
		}
		JsonNode value = node.get("value");
		String valuePath = path + ".value";
		if (!operator.takesValue()) {
			if (value != null && !value.isNull()) {
				this.problems.reject(valuePath, operatorName + " takes no value");
				return null;
			}
			return new Condition(field, operator, null);
		}
		if (value == null) {
			this.problems.reject(valuePath, "is required");
			return null;
		}
		Object normalized = (known != null) ? conditionValue(known, value, valuePath)
				: customConditionValue(custom, operator, value, valuePath);
		return (normalized != INVALID) ? new Condition(field, operator, normalized) : null;
	}

	private @Nullable Object conditionValue(ConditionField field, JsonNode value, String path) {
		return switch (field) {
			case STATUS -> choice(value, path, Arrays.stream(TicketStatus.values()).map(TicketStatus::value).toList());
			case PRIORITY -> choice(value, path, Arrays.stream(Priority.values()).map(Priority::value).toList());
			case TYPE -> choice(value, path, Arrays.stream(TicketType.values()).map(TicketType::value).toList());
			case GROUP -> id(value, path, false, true);
			case ASSIGNEE -> id(value, path, true, true);
			case REQUESTER -> id(value, path, true, false);
			case CHANNEL -> choice(value, path, CHANNELS);
			case TAGS -> tags(value, path, false);
			case SUBJECT, DESCRIPTION, COMMENT_BODY -> text(value, path, TEXT_MAX, false);
			case UPDATE_TYPE -> choice(value, path, List.of("created", "updated"));
			case COMMENT_IS_PUBLIC, COMMENT_BY_CUSTOMER -> bool(value, path);
		};
	}

	private @Nullable Object customConditionValue(FieldDefinition field, Operator operator, JsonNode value,
			String path) {
		if (value.isNull()) {
			this.problems.reject(path, "is required; to test for an empty field use present or not_present");
			return INVALID;
		}
		if (operator == Operator.INCLUDES || operator == Operator.NOT_INCLUDES) {
			Object options = customValue(field, List.of(javaValue(value)), path);
			return (options instanceof List<?> list) ? list.getFirst() : INVALID;
		}
		return customValue(field, javaValue(value), path);
	}

	// --- actions ---

	List<Action> actions(@Nullable JsonNode node, Use use) {
		List<Action> actions = new ArrayList<>();
		if (node == null || !node.isArray() || node.isEmpty() || node.size() > MAX_ACTIONS) {
			this.problems.reject("actions", "must list 1 to " + MAX_ACTIONS + " actions");
			return actions;
		}
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < node.size(); i++) {
			String path = "actions[" + i + "]";
			Action action = action(node.get(i), path, use);
			if (action != null) {
				if (!REPEATABLE.contains(action.field()) && !seen.add(action.field())) {
					this.problems.reject(path + ".field",
							"'" + action.field() + "' is set by an earlier action already");
				}
				actions.add(action);
			}
		}
		return actions;
	}

	private @Nullable Action action(JsonNode node, String path, Use use) {
		if (!node.isObject()) {
			this.problems.reject(path, "must be an object {\"field\", \"value\"}");
			return null;
		}
		rejectUnknown(node, path, Set.of("field", "value"));
		String field = requiredText(node, "field", path);
		if (field == null) {
			return null;
		}
		JsonNode value = node.get("value");
		String valuePath = path + ".value";
		if (value == null) {
			this.problems.reject(valuePath, "is required" + (field.equals(Action.GROUP) || field.equals(Action.ASSIGNEE)
					|| field.startsWith(Action.CUSTOM_FIELD_PREFIX) ? " (null clears)" : ""));
			return null;
		}
		Object normalized = switch (field) {
			case Action.STATUS -> choice(value, valuePath, SETTABLE_STATUSES);
			case Action.PRIORITY ->
				choice(value, valuePath, Arrays.stream(Priority.values()).map(Priority::value).toList());
			case Action.TYPE ->
				choice(value, valuePath, Arrays.stream(TicketType.values()).map(TicketType::value).toList());
			case Action.GROUP -> id(value, valuePath, false, true);
			case Action.ASSIGNEE -> id(value, valuePath, true, true);
			case Action.ADD_TAGS, Action.REMOVE_TAGS -> tags(value, valuePath, false);
			case Action.SET_TAGS -> tags(value, valuePath, true);
			case Action.ADD_NOTE -> (use == Use.TRIGGER) ? template(value, valuePath, BODY_MAX) : notFor(use, path);
			case Action.NOTIFY -> (use == Use.TRIGGER) ? notification(value, valuePath) : notFor(use, path);
			case Action.COMMENT -> (use == Use.MACRO) ? comment(value, valuePath) : notFor(use, path);
			default -> {
				if (!field.startsWith(Action.CUSTOM_FIELD_PREFIX)) {
					yield notFor(use, path);
				}
				FieldDefinition custom = customField(field.substring(Action.CUSTOM_FIELD_PREFIX.length()),
						path + ".field");
				if (custom == null) {
					yield INVALID;
				}
				yield value.isNull() ? null : customValue(custom, javaValue(value), valuePath);
			}
		};
		return (normalized != INVALID) ? new Action(field, normalized) : null;
	}

	private Object notFor(Use use, String path) {
		List<String> fields = new ArrayList<>(List.of(Action.STATUS, Action.PRIORITY, Action.TYPE, Action.GROUP,
				Action.ASSIGNEE, Action.ADD_TAGS, Action.REMOVE_TAGS, Action.SET_TAGS));
		fields.addAll((use == Use.TRIGGER) ? List.of(Action.ADD_NOTE, Action.NOTIFY) : List.of(Action.COMMENT));
		fields.add(Action.CUSTOM_FIELD_PREFIX + "<key>");
		this.problems.reject(path + ".field", "must be one of " + fields);
		return INVALID;
	}

	private Object notification(JsonNode value, String path) {
		if (!value.isObject()) {
			this.problems.reject(path, "must be an object {\"recipient\", \"subject\", \"body\"}");
			return INVALID;
		}
		rejectUnknown(value, path, Set.of("recipient", "subject", "body"));
		Object recipient = requiredMember(value, "recipient", path, () -> recipient(value.get("recipient"), path));
		Object subject = requiredMember(value, "subject", path,
				() -> template(value.get("subject"), path + ".subject", SUBJECT_MAX));
		Object body = requiredMember(value, "body", path, () -> template(value.get("body"), path + ".body", BODY_MAX));
		if (recipient == INVALID || subject == INVALID || body == INVALID) {
			return INVALID;
		}
		Map<String, Object> members = new LinkedHashMap<>();
		members.put("recipient", recipient);
		members.put("subject", subject);
		members.put("body", body);
		return members;
	}

	private Object recipient(JsonNode value, String path) {
		String text = value.isString() ? value.stringValue() : null;
		if (text != null && RECIPIENTS.contains(text)) {
			return text;
		}
		Object id = (text != null) ? uuid(text) : null;
		if (id == null) {
			this.problems.reject(path + ".recipient", "must be one of " + RECIPIENTS + " or a user id");
			return INVALID;
		}
		return id;
	}

	private Object comment(JsonNode value, String path) {
		if (!value.isObject()) {
			this.problems.reject(path, "must be an object {\"body\", \"public\"}");
			return INVALID;
		}
		rejectUnknown(value, path, Set.of("body", "public"));
		Object body = requiredMember(value, "body", path, () -> template(value.get("body"), path + ".body", BODY_MAX));
		JsonNode visibility = value.get("public");
		Object isPublic = (visibility == null || visibility.isNull()) ? Boolean.TRUE
				: bool(visibility, path + ".public");
		if (body == INVALID || isPublic == INVALID) {
			return INVALID;
		}
		Map<String, Object> members = new LinkedHashMap<>();
		members.put("body", body);
		members.put("public", isPublic);
		return members;
	}

	// --- values ---

	private Object choice(JsonNode value, String path, List<String> allowed) {
		if (value.isString() && allowed.contains(value.stringValue())) {
			return value.stringValue();
		}
		this.problems.reject(path, "must be one of " + allowed);
		return INVALID;
	}

	/**
	 * A user or group id as text; {@code null} for none, where allowed.
	 */
	private @Nullable Object id(JsonNode value, String path, boolean currentUser, boolean nullable) {
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

	private Object tags(JsonNode value, String path, boolean emptyAllowed) {
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

	private Object text(JsonNode value, String path, int max, boolean template) {
		if (!value.isString() || value.stringValue().isBlank()) {
			this.problems.reject(path, "must be a non-blank string");
			return INVALID;
		}
		String text = value.stringValue();
		if (text.length() > max) {
			this.problems.reject(path, "must be at most " + max + " characters");
			return INVALID;
		}
		String problem = template ? Placeholders.problemWith(text) : null;
		if (problem != null) {
			this.problems.reject(path, problem);
			return INVALID;
		}
		return text;
	}

	private Object template(JsonNode value, String path, int max) {
		return text(value, path, max, true);
	}

	private Object bool(JsonNode value, String path) {
		if (!value.isBoolean()) {
			this.problems.reject(path, "must be true or false");
			return INVALID;
		}
		return value.booleanValue();
	}

	private Object customValue(FieldDefinition field, Object value, String path) {
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

	private @Nullable FieldDefinition customField(String key, String path) {
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

	// --- helpers ---

	private Object javaValue(JsonNode value) {
		return value.isFloatingPointNumber() ? value.decimalValue() : this.json.treeToValue(value, Object.class);
	}

	private void rejectUnknown(JsonNode node, String path, Set<String> allowed) {
		for (String name : node.propertyNames()) {
			if (!allowed.contains(name)) {
				this.problems.reject(path + "." + name,
						"is not a member here (allowed: " + allowed.stream().sorted().toList() + ")");
			}
		}
	}

	private @Nullable String requiredText(JsonNode node, String name, String path) {
		JsonNode value = node.get(name);
		if (value == null || !value.isString() || value.stringValue().isBlank()) {
			this.problems.reject(path + "." + name, "is required");
			return null;
		}
		return value.stringValue();
	}

	private Object requiredMember(JsonNode node, String name, String path, Supplier<Object> read) {
		JsonNode value = node.get(name);
		if (value == null || value.isNull()) {
			this.problems.reject(path + "." + name, "is required");
			return INVALID;
		}
		return read.get();
	}

	private static int size(@Nullable JsonNode node) {
		return (node != null && node.isArray()) ? node.size() : 0;
	}

	private static @Nullable String uuid(String text) {
		try {
			return UUID.fromString(text).toString();
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/** The message of a problem that names one field, without the field's own name. */
	static String messageOf(ErrorResponseException ex) {
		Map<String, Object> properties = ex.getBody().getProperties();
		Object errors = (properties != null) ? properties.get("errors") : null;
		if (errors instanceof List<?> list && !list.isEmpty()
				&& list.getFirst() instanceof ProblemDetailsAdvice.FieldProblem problem && problem.message() != null) {
			return problem.message();
		}
		return String.valueOf(ex.getBody().getDetail());
	}

}
