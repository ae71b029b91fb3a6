package com.flowsupport.ticket.sla;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import com.flowsupport.ticket.condition.ConditionParser;
import com.flowsupport.ticket.condition.ConditionParser.Scope;
import com.flowsupport.ticket.condition.Conditions;
import com.flowsupport.ticket.sla.SlaPolicy.Targets;
import com.flowsupport.shared.web.JsonReader;
import com.flowsupport.ticket.ticket.Priority;

/**
 * Reads SLA policy bodies, naming every broken rule by its path
 * ({@code targets.urgent.firstReply}, {@code conditions.all[0].operator}) in one 422.
 */
final class SlaPolicyRequests {

	/** One year: a longer target is a policy nobody can be held to. */
	static final int MAX_TARGET_MINUTES = 525_600;

	static final int MAX_POSITION = 100_000;

	private static final Set<String> FIELDS = Set.of("name", "description", "position", "conditions", "targets",
			"businessHours");

	private static final Set<String> METRICS = Set.of("firstReply", "nextReply", "resolution");

	private static final String PRIORITIES = "low, normal, high, urgent";

	/** What a create or patch asks for; {@code position} absent means last. */
	record Draft(String name, @Nullable String description, @Nullable Integer position, Conditions conditions,
			Map<String, Targets> targets, boolean businessHours) {
	}

	private final JsonNode body;

	private final JsonReader in;

	private final ConditionParser conditionParser;

	private SlaPolicyRequests(@Nullable JsonNode body, ConditionParser conditionParser) {
		this.in = new JsonReader(body, FIELDS);
		this.body = body;
		this.conditionParser = conditionParser;
	}

	static Draft create(@Nullable JsonNode body, ConditionParser conditionParser) {
		SlaPolicyRequests request = new SlaPolicyRequests(body, conditionParser);
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
	static Draft patch(@Nullable JsonNode body, SlaPolicy current, ConditionParser conditionParser) {
		SlaPolicyRequests request = new SlaPolicyRequests(body, conditionParser);
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
		return this.conditionParser.read(this.body.get("conditions"), Scope.TICKET, this.in);
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

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

}
