package com.flowsupport.ticket.field;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A tenant-defined ticket field. Values live in the ticket's {@code customFields} under
 * {@link #key}.
 *
 * @param required a ticket cannot be solved while the field is empty
 * @param options the allowed values of a dropdown or multiselect
 * @param pattern the regular expression a regex field's value must match in full
 */
public record FieldDefinition(UUID id, String key, String title, FieldType type, boolean required, List<Option> options,
		@Nullable String pattern, boolean active, int position, long version, Instant createdAt, Instant updatedAt) {

	public record Option(String value, String label) {
	}

}
