package com.flowsupport.ticket.condition;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import static com.flowsupport.ticket.condition.Operator.CHANGED;
import static com.flowsupport.ticket.condition.Operator.CHANGED_FROM;
import static com.flowsupport.ticket.condition.Operator.CHANGED_TO;
import static com.flowsupport.ticket.condition.Operator.CONTAINS;
import static com.flowsupport.ticket.condition.Operator.GREATER_THAN;
import static com.flowsupport.ticket.condition.Operator.INCLUDES;
import static com.flowsupport.ticket.condition.Operator.IS;
import static com.flowsupport.ticket.condition.Operator.IS_NOT;
import static com.flowsupport.ticket.condition.Operator.LESS_THAN;
import static com.flowsupport.ticket.condition.Operator.NOT_CHANGED;
import static com.flowsupport.ticket.condition.Operator.NOT_CHANGED_FROM;
import static com.flowsupport.ticket.condition.Operator.NOT_CHANGED_TO;
import static com.flowsupport.ticket.condition.Operator.NOT_CONTAINS;
import static com.flowsupport.ticket.condition.Operator.NOT_INCLUDES;
import static com.flowsupport.ticket.condition.Operator.NOT_PRESENT;
import static com.flowsupport.ticket.condition.Operator.PRESENT;

/**
 * What a condition can test, besides custom fields ({@code custom_fields.<key>}): the
 * ticket's fields and what the update itself is (created or updated, with which comment).
 */
enum ConditionField {

	STATUS("status", orderedOrChanged()), PRIORITY("priority", orderedOrChanged()), TYPE("type", isOrChanged()),
	GROUP("groupId", isOrChanged()), ASSIGNEE("assigneeId", isOrChanged()), REQUESTER("requesterId", isOrChanged()),
	CHANNEL(null, EnumSet.of(IS, IS_NOT)), TAGS(null, EnumSet.of(INCLUDES, NOT_INCLUDES)),
	SUBJECT(null, EnumSet.of(CONTAINS, NOT_CONTAINS)), DESCRIPTION(null, EnumSet.of(CONTAINS, NOT_CONTAINS)),
	COMMENT_BODY(null, EnumSet.of(CONTAINS, NOT_CONTAINS)), UPDATE_TYPE(null, EnumSet.of(IS)),
	COMMENT_IS_PUBLIC(null, EnumSet.of(IS)), COMMENT_BY_CUSTOMER(null, EnumSet.of(IS));

	static final String CUSTOM_FIELD_PREFIX = "custom_fields.";

	/** The name of the field in the audit trail, for the "changed" operators. */
	private final @Nullable String auditField;

	private final Set<Operator> operators;

	ConditionField(@Nullable String auditField, Set<Operator> operators) {
		this.auditField = auditField;
		this.operators = operators;
	}

	String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	@Nullable String auditField() {
		return this.auditField;
	}

	Set<Operator> operators() {
		return this.operators;
	}

	static Optional<ConditionField> parse(String value) {
		return Arrays.stream(values()).filter((field) -> field.value().equals(value)).findFirst();
	}

	/** The operators of a custom field; multiselect fields also take includes. */
	static Set<Operator> customFieldOperators(boolean multiselect) {
		Set<Operator> operators = isOrChanged();
		operators.add(PRESENT);
		operators.add(NOT_PRESENT);
		if (multiselect) {
			operators.add(INCLUDES);
			operators.add(NOT_INCLUDES);
		}
		return operators;
	}

	static Set<Operator> changeOperators() {
		return EnumSet.of(CHANGED, NOT_CHANGED, CHANGED_TO, CHANGED_FROM, NOT_CHANGED_TO, NOT_CHANGED_FROM);
	}

	private static Set<Operator> isOrChanged() {
		Set<Operator> operators = changeOperators();
		operators.add(IS);
		operators.add(IS_NOT);
		return operators;
	}

	private static Set<Operator> orderedOrChanged() {
		Set<Operator> operators = isOrChanged();
		operators.add(LESS_THAN);
		operators.add(GREATER_THAN);
		return operators;
	}

}
