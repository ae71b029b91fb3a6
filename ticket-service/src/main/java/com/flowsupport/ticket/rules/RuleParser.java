package com.flowsupport.ticket.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.flowsupport.ticket.condition.FieldValues;
import com.flowsupport.ticket.field.CustomFields;
import com.flowsupport.ticket.field.FieldDefinition;
import com.flowsupport.shared.web.JsonReader;
import com.flowsupport.ticket.ticket.Priority;
import com.flowsupport.ticket.ticket.TicketType;

import static com.flowsupport.ticket.condition.FieldValues.INVALID;

/**
 * Reads what triggers and macros have besides their conditions (which
 * {@link com.flowsupport.ticket.condition.ConditionParser} reads): how they are listed,
 * and their actions, strictly: an unknown field or value is a problem named by its place
 * ({@code actions[0].value}), so that a rule that would silently do nothing is never
 * stored. What it returns is normalized (tags lower-case, custom field values canonical)
 * so that applying it needs no further checks.
 */
final class RuleParser {

	/** What the actions are for: triggers notify and add notes, macros comment. */
	enum Use {

		TRIGGER, MACRO

	}

	static final int MAX_ACTIONS = 50;

	static final int SUBJECT_MAX = 250;

	static final int BODY_MAX = 65_535;

	static final int MAX_POSITION = 1_000_000;

	static final int NAME_MAX = 200;

	static final int DESCRIPTION_MAX = 2_000;

	static final List<String> RECIPIENTS = List.of("requester", "assignee", "group");

	/**
	 * A rule never makes a ticket new again, and closing is the end of a solved ticket's
	 * life, not something to do along with other changes.
	 */
	private static final List<String> SETTABLE_STATUSES = List.of("open", "pending", "hold", "solved");

	/** Actions that may appear more than once; the others set one value. */
	private static final Set<String> REPEATABLE = Set.of(Action.ADD_TAGS, Action.REMOVE_TAGS, Action.ADD_NOTE,
			Action.NOTIFY);

	private final JsonReader problems;

	private final FieldValues values;

	/**
	 * @param problems where problems are collected; the caller throws them all at once
	 * with {@link JsonReader#finish()}
	 */
	RuleParser(JsonReader problems, CustomFields customFields, JsonMapper json) {
		this.problems = problems;
		this.values = new FieldValues(problems, customFields, json);
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
		this.values.rejectUnknown(node, path, Set.of("field", "value"));
		String field = this.values.requiredText(node, "field", path);
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
			case Action.STATUS -> this.values.choice(value, valuePath, SETTABLE_STATUSES);
			case Action.PRIORITY ->
				this.values.choice(value, valuePath, Arrays.stream(Priority.values()).map(Priority::value).toList());
			case Action.TYPE -> this.values.choice(value, valuePath,
					Arrays.stream(TicketType.values()).map(TicketType::value).toList());
			case Action.GROUP -> this.values.id(value, valuePath, false, true);
			case Action.ASSIGNEE -> this.values.id(value, valuePath, true, true);
			case Action.ADD_TAGS, Action.REMOVE_TAGS -> this.values.tags(value, valuePath, false);
			case Action.SET_TAGS -> this.values.tags(value, valuePath, true);
			case Action.ADD_NOTE -> (use == Use.TRIGGER) ? template(value, valuePath, BODY_MAX) : notFor(use, path);
			case Action.NOTIFY -> (use == Use.TRIGGER) ? notification(value, valuePath) : notFor(use, path);
			case Action.COMMENT -> (use == Use.MACRO) ? comment(value, valuePath) : notFor(use, path);
			default -> {
				if (!field.startsWith(Action.CUSTOM_FIELD_PREFIX)) {
					yield notFor(use, path);
				}
				FieldDefinition custom = this.values.customField(field.substring(Action.CUSTOM_FIELD_PREFIX.length()),
						path + ".field");
				if (custom == null) {
					yield INVALID;
				}
				yield value.isNull() ? null : this.values.custom(custom, value, valuePath);
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
		this.values.rejectUnknown(value, path, Set.of("recipient", "subject", "body"));
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
		Object id = (text != null) ? FieldValues.uuid(text) : null;
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
		this.values.rejectUnknown(value, path, Set.of("body", "public"));
		Object body = requiredMember(value, "body", path, () -> template(value.get("body"), path + ".body", BODY_MAX));
		JsonNode visibility = value.get("public");
		Object isPublic = (visibility == null || visibility.isNull()) ? Boolean.TRUE
				: this.values.bool(visibility, path + ".public");
		if (body == INVALID || isPublic == INVALID) {
			return INVALID;
		}
		Map<String, Object> members = new LinkedHashMap<>();
		members.put("body", body);
		members.put("public", isPublic);
		return members;
	}

	// --- values ---

	/** Text with {@code {{ticket.*}}} placeholders, each of which must be known. */
	private Object template(JsonNode value, String path, int max) {
		Object text = this.values.text(value, path, max);
		String problem = (text instanceof String template) ? Placeholders.problemWith(template) : null;
		if (problem != null) {
			this.problems.reject(path, problem);
			return INVALID;
		}
		return text;
	}

	private Object requiredMember(JsonNode node, String name, String path, Supplier<Object> read) {
		JsonNode value = node.get(name);
		if (value == null || value.isNull()) {
			this.problems.reject(path + "." + name, "is required");
			return INVALID;
		}
		return read.get();
	}

}
