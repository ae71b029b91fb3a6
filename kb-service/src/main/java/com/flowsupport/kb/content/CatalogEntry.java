package com.flowsupport.kb.content;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * A category, or a section of one: how the help center is laid out.
 *
 * @param categoryId the category a section belongs to ({@code null} for categories)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CatalogEntry(UUID id, @Nullable UUID categoryId, String name, @Nullable String description, int position,
		@JsonIgnore long version, Instant createdAt, Instant updatedAt) {

	/** Categories and sections list by position, then by id. */
	record Position(int position, UUID id) {
	}

	public enum Kind {

		CATEGORY("category", "Category"), SECTION("section", "Section");

		final String table;

		final String label;

		Kind(String table, String label) {
			this.table = table;
			this.label = label;
		}

	}

}
