package com.flowsupport.ticket.ticket;

import org.jspecify.annotations.Nullable;

/**
 * One field of a ticket changing, as the audit trail shows it.
 *
 * @param field the API name of the field
 * @param from the value before ({@code null} when unset)
 * @param to the value after ({@code null} when cleared)
 */
public record FieldChange(String field, @Nullable Object from, @Nullable Object to) {
}
