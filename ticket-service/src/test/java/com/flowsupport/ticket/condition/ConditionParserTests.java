package com.flowsupport.ticket.condition;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.ErrorResponseException;

import com.flowsupport.shared.web.ProblemDetailsAdvice;
import com.flowsupport.ticket.condition.ConditionParser.Scope;
import com.flowsupport.ticket.field.CustomFields;
import com.flowsupport.ticket.field.FieldDefinition;
import com.flowsupport.ticket.field.FieldType;
import com.flowsupport.shared.web.JsonReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.Mockito.CALLS_REAL_METHODS;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.withSettings;

/**
 * The one reader of conditions, in the scope of triggers ({@link Scope#UPDATE}) and of
 * SLA policies ({@link Scope#TICKET}). The API tests of both features cover matching.
 */
class ConditionParserTests {

	private final JsonMapper json = JsonMapper.builder().build();

	/** Real validation of custom field values, over definitions given here. */
	private final CustomFields customFields = mock(CustomFields.class,
			withSettings().defaultAnswer(CALLS_REAL_METHODS));

	private final ConditionParser parser = new ConditionParser(this.customFields, this.json);

	@BeforeEach
	void definitions() {
		doReturn(List.of(field("plan", FieldType.DROPDOWN, "free", "pro"),
				field("features", FieldType.MULTISELECT, "sso", "audit")))
			.when(this.customFields)
			.definitions();
	}

	@Test
	void ticketScopeReadsWhatSlaPoliciesTest() {
		String group = UUID.randomUUID().toString();
		Conditions conditions = read(Scope.TICKET, """
				{"all": [{"field": "priority", "operator": "greater_than", "value": "normal"},
				         {"field": "tags", "operator": "not_includes", "value": ["VIP", "gold"]},
				         {"field": "group", "operator": "is_not", "value": null}],
				 "any": [{"field": "type", "operator": "is", "value": "incident"},
				         {"field": "channel", "operator": "is", "value": "email"},
				         {"field": "group", "operator": "is", "value": "%s"}]}""".formatted(group.toUpperCase()));
		assertThat(conditions.all()).containsExactly(new Condition("priority", Operator.GREATER_THAN, "normal"),
				new Condition("tags", Operator.NOT_INCLUDES, List.of("vip", "gold")),
				new Condition("group", Operator.IS_NOT, null));
		assertThat(conditions.any()).containsExactly(new Condition("type", Operator.IS, "incident"),
				new Condition("channel", Operator.IS, "email"), new Condition("group", Operator.IS, group));
	}

	@Test
	void ticketScopeRefusesWhatHoldsOnlyForAnUpdateNamingEachCondition() {
		Map<String, String> problems = problems(Scope.TICKET, """
				{"all": [{"field": "status", "operator": "is", "value": "open"},
				         {"field": "update_type", "operator": "is", "value": "created"},
				         {"field": "custom_fields.plan", "operator": "is", "value": "pro"},
				         {"field": "priority", "operator": "changed_to", "value": "high"},
				         {"field": "tags", "operator": "excludes", "value": ["vip"]},
				         {"field": "priority", "operator": "includes", "value": "high"},
				         {"field": "channel", "operator": "is", "value": "fax"},
				         {"field": "group", "operator": "is"}],
				 "none": []}""");
		assertThat(problems).containsOnlyKeys("conditions.all[0].field", "conditions.all[1].field",
				"conditions.all[2].field", "conditions.all[3].operator", "conditions.all[4].operator",
				"conditions.all[5].operator", "conditions.all[6].value", "conditions.all[7].value", "conditions.none");
		assertThat(problems.get("conditions.all[0].field"))
			.isEqualTo("must be one of [priority, type, group, channel, tags]");
		assertThat(problems.get("conditions.all[3].operator"))
			.isEqualTo("must be one of [is, is_not, less_than, greater_than, includes, not_includes]");
		assertThat(problems.get("conditions.all[5].operator"))
			.isEqualTo("'priority' takes [greater_than, is, is_not, less_than], not includes");
		verify(this.customFields, never()).definitions();
	}

	@Test
	void ticketScopeWithoutConditionsCoversEveryTicket() {
		assertThat(read(Scope.TICKET, null)).isEqualTo(Conditions.NONE);
		assertThat(read(Scope.TICKET, "null")).isEqualTo(Conditions.NONE);
		assertThat(read(Scope.TICKET, "{\"all\": []}")).isEqualTo(Conditions.NONE);
	}

	@Test
	void updateScopeTakesChangesTheUpdateAndCustomFields() {
		Conditions conditions = read(Scope.UPDATE, """
				{"all": [{"field": "status", "operator": "changed_to", "value": "solved"},
				         {"field": "comment_is_public", "operator": "is", "value": true},
				         {"field": "assignee", "operator": "is", "value": "current_user"},
				         {"field": "custom_fields.plan", "operator": "is", "value": "pro"},
				         {"field": "custom_fields.features", "operator": "includes", "value": "sso"},
				         {"field": "custom_fields.plan", "operator": "present"}]}""");
		assertThat(conditions.all()).containsExactly(new Condition("status", Operator.CHANGED_TO, "solved"),
				new Condition("comment_is_public", Operator.IS, true),
				new Condition("assignee", Operator.IS, FieldValues.CURRENT_USER),
				new Condition("custom_fields.plan", Operator.IS, "pro"),
				new Condition("custom_fields.features", Operator.INCLUDES, "sso"),
				new Condition("custom_fields.plan", Operator.PRESENT, null));
		assertThat(conditions.any()).isEmpty();
	}

	@Test
	void updateScopeNeedsAConditionAndChecksCustomFields() {
		assertThat(problems(Scope.UPDATE, null)).containsOnlyKeys("conditions");
		assertThat(problems(Scope.UPDATE, "{\"all\": [], \"any\": []}")).containsOnlyKeys("conditions");
		Map<String, String> problems = problems(Scope.UPDATE, """
				{"any": [{"field": "custom_fields.nope", "operator": "is", "value": "x"},
				         {"field": "custom_fields.plan", "operator": "is", "value": "enterprise"},
				         {"field": "custom_fields.plan", "operator": "includes", "value": "pro"},
				         {"field": "colour", "operator": "is", "value": "red"},
				         {"field": "status", "operator": "changed", "value": "open"}]}""");
		assertThat(problems).containsOnlyKeys("conditions.any[0].field", "conditions.any[1].value",
				"conditions.any[2].operator", "conditions.any[3].field", "conditions.any[4].value");
		assertThat(problems.get("conditions.any[3].field")).endsWith(" or custom_fields.<key>");
	}

	@Test
	void eachScopeBoundsHowManyConditions() {
		assertThat(problems(Scope.TICKET, conditions(21))).containsOnlyKeys("conditions.all");
		assertThat(read(Scope.UPDATE, conditions(21)).all()).hasSize(21);
		assertThat(problems(Scope.UPDATE, conditions(51))).containsOnlyKeys("conditions.all");
	}

	@Test
	void storedConditionsKeepTheirJsonShape() {
		String stored = """
				{"all":[{"field":"tags","operator":"not_includes","value":["vip"]},\
				{"field":"group","operator":"is","value":null}],\
				"any":[{"field":"priority","operator":"less_than","value":"high"}]}""";
		Conditions conditions = this.json.readValue(stored, Conditions.class);
		assertThat(conditions.all().getFirst().operator()).isEqualTo(Operator.NOT_INCLUDES);
		assertThat(this.json.readTree(this.json.writeValueAsString(conditions))).isEqualTo(this.json.readTree(stored));
	}

	private Conditions read(Scope scope, @Nullable String conditions) {
		JsonReader problems = reader(conditions);
		Conditions read = this.parser.read(body(conditions).get("conditions"), scope, problems);
		problems.finish();
		return read;
	}

	private Map<String, String> problems(Scope scope, @Nullable String conditions) {
		JsonReader problems = reader(conditions);
		this.parser.read(body(conditions).get("conditions"), scope, problems);
		ErrorResponseException refused = catchThrowableOfType(ErrorResponseException.class, problems::finish);
		assertThat(refused).as("refused").isNotNull();
		Map<String, String> messages = new LinkedHashMap<>();
		List<?> errors = (List<?>) refused.getBody().getProperties().get("errors");
		for (Object error : errors) {
			ProblemDetailsAdvice.FieldProblem problem = (ProblemDetailsAdvice.FieldProblem) error;
			messages.put(problem.field(), String.valueOf(problem.message()));
		}
		return messages;
	}

	private JsonReader reader(@Nullable String conditions) {
		return new JsonReader(body(conditions), Set.of("conditions"));
	}

	private JsonNode body(@Nullable String conditions) {
		return (conditions != null) ? this.json.readTree("{\"conditions\": " + conditions + "}")
				: this.json.createObjectNode();
	}

	private static String conditions(int count) {
		List<String> all = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			all.add("{\"field\": \"priority\", \"operator\": \"is\", \"value\": \"high\"}");
		}
		return "{\"all\": " + all + "}";
	}

	private static FieldDefinition field(String key, FieldType type, String... options) {
		List<FieldDefinition.Option> choices = new ArrayList<>();
		for (String option : options) {
			choices.add(new FieldDefinition.Option(option, option));
		}
		Instant now = Instant.parse("2026-01-05T09:00:00Z");
		return new FieldDefinition(UUID.randomUUID(), key, key, type, false, choices, null, true, 0, 0, now, now);
	}

}
