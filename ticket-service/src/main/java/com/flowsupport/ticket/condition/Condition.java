package com.flowsupport.ticket.condition;

import org.jspecify.annotations.Nullable;

/**
 * One test of a ticket update, such as {@code priority is high} or
 * {@code status changed_to solved}.
 *
 * @param field a ticket field ({@code status}, {@code custom_fields.plan}, ...) or an
 * update property ({@code update_type}, {@code comment_is_public}, ...)
 * @param value normalized when the condition was saved; {@code null} where the operator
 * takes none, or for "no group" and "unassigned"
 */
public record Condition(String field, Operator operator, @Nullable Object value) {
}
