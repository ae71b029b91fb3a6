package com.flowsupport.ticket.condition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

import com.flowsupport.ticket.field.CustomFields;
import com.flowsupport.ticket.field.FieldDefinition;
import com.flowsupport.ticket.field.FieldType;
import com.flowsupport.shared.web.JsonReader;
import com.flowsupport.ticket.ticket.Priority;
import com.flowsupport.ticket.ticket.Ticket;
import com.flowsupport.ticket.ticket.TicketStatus;
import com.flowsupport.ticket.ticket.TicketType;

/**
 * Reads the {@code conditions} member of a request ({@code {"all": [...], "any": [...]}}
 * of {@code {field, operator, value}}), strictly: an unknown field, operator or value, or
 * one the {@link Scope} does not allow, is a problem named by its place
 * ({@code conditions.all[1].operator}), so that a condition that would silently never
 * match is never stored. What it returns is normalized (tags lower-case, custom field
 * values canonical) so that {@link Conditions#matches} needs no further checks.
 */
@Component
public final class ConditionParser {

	/** What a feature's conditions may test, and whether it must have some. */
	public enum Scope {

		/**
		 * A ticket update as it happens (triggers): every ticket field, custom fields,
		 * what the update changed and the update itself; at least one condition.
		 */
		UPDATE(EnumSet.allOf(ConditionField.class), true, 50, true),

		/**
		 * What kind of ticket it is (SLA policies): its priority, type, group, channel
		 * and tags as they stand, not its status or who works on it, nor what an update
		 * changed; no conditions means every ticket.
		 */
		TICKET(EnumSet.of(ConditionField.PRIORITY, ConditionField.TYPE, ConditionField.GROUP, ConditionField.CHANNEL,
				ConditionField.TAGS), false, 20, false);

		private final Set<ConditionField> fields;

		/** Custom fields and the "changed" operators. */
		private final boolean updates;

		private final int maxConditions;

		private final boolean required;

		/** Every operator some field of the scope takes. */
		private final Set<Operator> operators = EnumSet.noneOf(Operator.class);

		Scope(Set<ConditionField> fields, boolean updates, int maxConditions, boolean required) {
			this.fields = fields;
			this.updates = updates;
			this.maxConditions = maxConditions;
			this.required = required;
			fields.forEach((field) -> this.operators.addAll(operators(field)));
			if (updates) {
				this.operators.addAll(ConditionField.customFieldOperators(true));
			}
		}

		private Set<Operator> operators(ConditionField field) {
			Set<Operator> operators = EnumSet.copyOf(field.operators());
			if (!this.updates) {
				operators.removeAll(ConditionField.changeOperators());
			}
			return operators;
		}

		private String fieldNames() {
			return this.fields.stream().map(ConditionField::value).toList()
					+ (this.updates ? " or " + ConditionField.CUSTOM_FIELD_PREFIX + "<key>" : "");
		}

	}

	static final int TEXT_MAX = 1_000;

	private static final String PATH = "conditions";

	private final CustomFields customFields;

	private final JsonMapper json;

	ConditionParser(CustomFields customFields, JsonMapper json) {
		this.customFields = customFields;
		this.json = json;
	}

	/**
	 * @param node the {@code conditions} member of the request, {@code null} when absent
	 * @param problems where problems are collected; the caller throws them all at once
	 * with {@link JsonReader#finish()}
	 */
	public Conditions read(@Nullable JsonNode node, Scope scope, JsonReader problems) {
		return new Reading(scope, problems, new FieldValues(problems, this.customFields, this.json)).conditions(node);
	}

	/** One request's conditions being read. */
	private record Reading(Scope scope, JsonReader problems, FieldValues values) {

		Conditions conditions(@Nullable JsonNode node) {
			if ((node == null || node.isNull()) && !this.scope.required) {
				return Conditions.NONE;
			}
			if (node == null || !node.isObject()) {
				this.problems.reject(PATH, "must be an object {\"all\": [...], \"any\": [...]}");
				return Conditions.NONE;
			}
			for (String name : node.propertyNames()) {
				if (!name.equals("all") && !name.equals("any")) {
					this.problems.reject(PATH + "." + name, "is not a part of conditions (allowed: all, any)");
				}
			}
			List<Condition> all = list(node.get("all"), PATH + ".all");
			List<Condition> any = list(node.get("any"), PATH + ".any");
			if (this.scope.required && size(node.get("all")) + size(node.get("any")) == 0) {
				this.problems.reject(PATH, "needs at least one condition in all or any");
			}
			return new Conditions(all, any);
		}

		private List<Condition> list(@Nullable JsonNode node, String path) {
			List<Condition> conditions = new ArrayList<>();
			if (node == null || node.isNull()) {
				return conditions;
			}
			if (!node.isArray() || node.size() > this.scope.maxConditions) {
				this.problems.reject(path, "must be a list of at most " + this.scope.maxConditions + " conditions");
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
			this.values.rejectUnknown(node, path, Set.of("field", "operator", "value"));
			String field = this.values.requiredText(node, "field", path);
			String operatorName = this.values.requiredText(node, "operator", path);
			if (field == null || operatorName == null) {
				return null;
			}
			Operator operator = Operator.parse(operatorName).filter(this.scope.operators::contains).orElse(null);
			if (operator == null) {
				this.problems.reject(path + ".operator",
						"must be one of " + this.scope.operators.stream().map(Operator::value).toList());
				return null;
			}
			ConditionField known = ConditionField.parse(field).filter(this.scope.fields::contains).orElse(null);
			FieldDefinition custom = null;
			Set<Operator> allowed;
			if (known != null) {
				allowed = this.scope.operators(known);
			}
			else if (this.scope.updates && field.startsWith(ConditionField.CUSTOM_FIELD_PREFIX)) {
				custom = this.values.customField(field.substring(ConditionField.CUSTOM_FIELD_PREFIX.length()),
						path + ".field");
				if (custom == null) {
					return null;
				}
				allowed = ConditionField.customFieldOperators(custom.type() == FieldType.MULTISELECT);
			}
			else {
				this.problems.reject(path + ".field", "must be one of " + this.scope.fieldNames());
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
			Object normalized = (known != null) ? value(known, value, valuePath)
					: customValue(custom, operator, value, valuePath);
			return (normalized != FieldValues.INVALID) ? new Condition(field, operator, normalized) : null;
		}

		private @Nullable Object value(ConditionField field, JsonNode value, String path) {
			return switch (field) {
				case STATUS -> this.values.choice(value, path,
						Arrays.stream(TicketStatus.values()).map(TicketStatus::value).toList());
				case PRIORITY ->
					this.values.choice(value, path, Arrays.stream(Priority.values()).map(Priority::value).toList());
				case TYPE ->
					this.values.choice(value, path, Arrays.stream(TicketType.values()).map(TicketType::value).toList());
				case GROUP -> this.values.id(value, path, false, true);
				case ASSIGNEE -> this.values.id(value, path, true, true);
				case REQUESTER -> this.values.id(value, path, true, false);
				case CHANNEL -> this.values.choice(value, path, Ticket.CHANNELS);
				case TAGS -> this.values.tags(value, path, false);
				case SUBJECT, DESCRIPTION, COMMENT_BODY -> this.values.text(value, path, TEXT_MAX);
				case UPDATE_TYPE -> this.values.choice(value, path, List.of("created", "updated"));
				case COMMENT_IS_PUBLIC, COMMENT_BY_CUSTOMER -> this.values.bool(value, path);
			};
		}

		private Object customValue(FieldDefinition field, Operator operator, JsonNode value, String path) {
			if (value.isNull()) {
				this.problems.reject(path, "is required; to test for an empty field use present or not_present");
				return FieldValues.INVALID;
			}
			if (operator == Operator.INCLUDES || operator == Operator.NOT_INCLUDES) {
				return this.values.customOption(field, value, path);
			}
			return this.values.custom(field, value, path);
		}

		private static int size(@Nullable JsonNode node) {
			return (node != null && node.isArray()) ? node.size() : 0;
		}

	}

}
