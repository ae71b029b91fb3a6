package com.flowsupport.ticket.sla;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.web.ErrorResponseException;

import com.flowsupport.ticket.sla.SlaPolicy.Condition;
import com.flowsupport.ticket.sla.SlaPolicy.Conditions;
import com.flowsupport.ticket.sla.SlaPolicy.Targets;
import com.flowsupport.ticket.ticket.JsonReader;
import com.flowsupport.ticket.ticket.Priority;
import com.flowsupport.ticket.ticket.Tags;
import com.flowsupport.ticket.ticket.TicketType;

/**
 * Reads SLA policy bodies, naming every broken rule by its path
 * ({@code targets.urgent.firstReply}, {@code conditions.all[0].operator}) in one 422.
 */
final class SlaPolicyRequests {

	static final int MAX_CONDITIONS = 20;

	/** One year: a longer target is a policy nobody can be held to. */
	static final int MAX_TARGET_MINUTES = 525_600;

	static final int MAX_POSITION = 100_000;

	private static final Set<String> FIELDS = Set.of("name", "description", "position", "conditions", "targets",
			"businessHours");

	private static final Set<String> METRICS = Set.of("firstReply", "nextReply", "resolution");

	private static final Pattern CHANNEL = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

	private static final String PRIORITIES = "low, normal, high, urgent";

	/** What a create or patch asks for; {@code position} absent means last. */
	record Draft(String name, @Nullable String description, @Nullable Integer position, Conditions conditions,
			Map<String, Targets> targets, boolean businessHours) {
	}

	private final JsonNode body;

	private final JsonReader in;

	private SlaPolicyRequests(@Nullable JsonNode body) {
		this.in = new JsonReader(body, FIELDS);
		this.body = body;
	}

	static Draft create(@Nullable JsonNode body) {
		SlaPolicyRequests request = new SlaPolicyRequests(body);
		String name = request.in.text("name", 120, true);
		String description = request.in.text("description", 1000, false);
		Integer position = request.position();
		Conditions conditions = request.conditions();
		Map<String, Targets> targets = request.targets();
		Boolean businessHours = request.in.bool("businessHours");
		request.in.finish();
		return new Draft(name, blankToNull(description), position, conditions, targets,
				Boolean.TRUE.equals(businessHours));
	}

	/**
	 * Absent fields keep their value; {@code description} and {@code conditions} clear
	 * with {@code null}.
	 */
	static Draft patch(@Nullable JsonNode body, SlaPolicy current) {
		SlaPolicyRequests request = new SlaPolicyRequests(body);
		String name = request.in.has("name") ? request.in.text("name", 120, true) : current.name();
		String description = request.in.has("description") ? blankToNull(request.in.text("description", 1000, false))
				: current.description();
		Integer position = request.in.has("position") ? request.required("position", request.position())
				: Integer.valueOf(current.position());
		Conditions conditions = request.in.has("conditions") ? request.conditions() : current.conditions();
		Map<String, Targets> targets = request.in.has("targets") ? request.targets() : current.targets();
		Boolean businessHours = request.in.has("businessHours")
				? request.required("businessHours", request.in.bool("businessHours")) : current.businessHours();
		request.in.finish();
		return new Draft(name, description, position, conditions, targets, Boolean.TRUE.equals(businessHours));
	}

	private <T> @Nullable T required(String field, @Nullable T value) {
		if (value == null && this.body.get(field).isNull()) {
			this.in.reject(field, "cannot be null");
		}
		return value;
	}

	private @Nullable Integer position() {
		JsonNode node = this.body.get("position");
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.isIntegralNumber() || node.asLong() < 0 || node.asLong() > MAX_POSITION) {
			this.in.reject("position", "must be a whole number from 0 to " + MAX_POSITION);
			return null;
		}
		return node.asInt();
	}

	private Conditions conditions() {
		JsonNode node = this.body.get("conditions");
		if (node == null || node.isNull()) {
			return Conditions.NONE;
		}
		if (!node.isObject()) {
			this.in.reject("conditions", "must be an object with lists all and any");
			return Conditions.NONE;
		}
		for (String key : node.propertyNames()) {
			if (!key.equals("all") && !key.equals("any")) {
				this.in.reject("conditions." + key, "is not a field of conditions (allowed: all, any)");
			}
		}
		return new Conditions(conditionList(node.get("all"), "conditions.all"),
				conditionList(node.get("any"), "conditions.any"));
	}

	private List<Condition> conditionList(@Nullable JsonNode node, String path) {
		if (node == null || node.isNull()) {
			return List.of();
		}
		if (!node.isArray() || node.size() > MAX_CONDITIONS) {
			this.in.reject(path, "must be a list of at most " + MAX_CONDITIONS + " conditions");
			return List.of();
		}
		List<Condition> conditions = new ArrayList<>();
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
			this.in.reject(path, "must be an object with field, operator and value");
			return null;
		}
		for (String key : node.propertyNames()) {
			if (!Set.of("field", "operator", "value").contains(key)) {
				this.in.reject(path + "." + key, "is not a field of a condition (allowed: field, operator, value)");
			}
		}
		String field = text(node.get("field"));
		String operator = text(node.get("operator"));
		JsonNode value = node.get("value");
		List<String> operators = switch (String.valueOf(field)) {
			case "priority" -> List.of("is", "is_not", "less_than", "greater_than");
			case "type", "group", "channel" -> List.of("is", "is_not");
			case "tags" -> List.of("includes", "excludes");
			default -> List.of();
		};
		if (operators.isEmpty()) {
			this.in.reject(path + ".field", "must be one of priority, type, group, channel, tags");
			return null;
		}
		if (operator == null || !operators.contains(operator)) {
			this.in.reject(path + ".operator", "for " + field + " must be one of " + String.join(", ", operators));
			return null;
		}
		Object parsed = switch (field) {
			case "priority" -> choice(value, path, Priority.parse(String.valueOf(text(value))).isPresent(), PRIORITIES);
			case "type" -> choice(value, path, TicketType.parse(String.valueOf(text(value))).isPresent(),
					"question, incident, problem, task");
			case "group" -> group(value, path);
			case "channel" -> choice(value, path, CHANNEL.matcher(String.valueOf(text(value))).matches(),
					"a channel name such as email, web, api, sms, whatsapp, chat");
			default -> tags(value, path);
		};
		return new Condition(field, operator, parsed);
	}

	private @Nullable String choice(@Nullable JsonNode value, String path, boolean valid, String allowed) {
		if (!valid) {
			this.in.reject(path + ".value", "must be " + (allowed.contains(",") ? "one of " : "") + allowed);
			return null;
		}
		return text(value);
	}

	/** A group id, or {@code null} for tickets without a group. */
	private @Nullable String group(@Nullable JsonNode value, String path) {
		if (value == null || value.isNull()) {
			return null;
		}
		try {
			return UUID.fromString(String.valueOf(text(value))).toString();
		}
		catch (IllegalArgumentException ex) {
			this.in.reject(path + ".value", "must be a group id, or null for tickets without a group");
			return null;
		}
	}

	private List<String> tags(@Nullable JsonNode value, String path) {
		List<String> tags = new ArrayList<>();
		if (value != null && value.isArray()) {
			for (JsonNode tag : value.values()) {
				String text = text(tag);
				if (text != null) {
					tags.add(text);
				}
			}
		}
		if (tags.isEmpty() || tags.size() != value.size()) {
			this.in.reject(path + ".value", "must be a list of 1 to 50 tags");
			return tags;
		}
		try {
			return Tags.normalize(tags);
		}
		catch (ErrorResponseException ex) {
			this.in.reject(path + ".value", "must be a list of 1 to 50 tags of letters, digits or _-:./");
			return tags;
		}
	}

	private Map<String, Targets> targets() {
		JsonNode node = this.body.get("targets");
		Map<String, Targets> targets = new LinkedHashMap<>();
		if (node == null || node.isNull() || !node.isObject() || node.isEmpty()) {
			this.in.reject("targets", "must set minutes for at least one priority (" + PRIORITIES + ")");
			return targets;
		}
		for (String key : node.propertyNames()) {
			if (Priority.parse(key).isEmpty()) {
				this.in.reject("targets." + key, "is not a priority (" + PRIORITIES + ")");
			}
		}
		for (Priority priority : Priority.values()) {
			JsonNode metrics = node.get(priority.value());
			if (metrics != null) {
				Targets parsed = metrics(metrics, "targets." + priority.value());
				if (parsed != null) {
					targets.put(priority.value(), parsed);
				}
			}
		}
		return targets;
	}

	private @Nullable Targets metrics(JsonNode node, String path) {
		if (!node.isObject()) {
			this.in.reject(path, "must be an object of minutes: firstReply, nextReply, resolution");
			return null;
		}
		for (String key : node.propertyNames()) {
			if (!METRICS.contains(key)) {
				this.in.reject(path + "." + key, "is not a metric (firstReply, nextReply, resolution)");
			}
		}
		Targets targets = new Targets(minutes(node.get("firstReply"), path + ".firstReply"),
				minutes(node.get("nextReply"), path + ".nextReply"),
				minutes(node.get("resolution"), path + ".resolution"));
		if (targets.equals(Targets.NONE)) {
			// Invalid minutes have their own error; only a body that sets none gets this
			// one.
			if (METRICS.stream()
				.allMatch((metric) -> node.path(metric).isNull() || node.path(metric).isMissingNode())) {
				this.in.reject(path, "must set at least one of firstReply, nextReply, resolution");
			}
			return null;
		}
		return targets;
	}

	private @Nullable Integer minutes(@Nullable JsonNode node, String path) {
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.isIntegralNumber() || node.asLong() < 1 || node.asLong() > MAX_TARGET_MINUTES) {
			this.in.reject(path, "must be whole minutes from 1 to " + MAX_TARGET_MINUTES);
			return null;
		}
		return node.asInt();
	}

	private static @Nullable String text(@Nullable JsonNode node) {
		return (node != null && node.isString()) ? node.stringValue() : null;
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

}
