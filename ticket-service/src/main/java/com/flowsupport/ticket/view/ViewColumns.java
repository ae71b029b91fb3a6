package com.flowsupport.ticket.view;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The columns a view may show: ticket fields by their API names, and custom fields as
 * {@code customFields.<key>}.
 */
final class ViewColumns {

	static final List<String> DEFAULT = List.of("number", "subject", "status", "priority", "requesterId", "assigneeId",
			"updatedAt");

	static final Set<String> FIELDS = Set.of("number", "subject", "status", "priority", "type", "requesterId",
			"submitterId", "assigneeId", "groupId", "followerIds", "tags", "channel", "problemId", "dueAt",
			"satisfaction", "sla", "assignedAt", "solvedAt", "closedAt", "createdAt", "updatedAt");

	static final String CUSTOM_FIELD = "customFields.";

	static final int MAX = 20;

	private ViewColumns() {
	}

	/**
	 * What is wrong with {@code columns}, or {@code null} when nothing is.
	 * @param customFieldKeys the keys of the tenant's custom fields
	 */
	static @Nullable String problemWith(List<String> columns, Set<String> customFieldKeys) {
		if (columns.isEmpty() || columns.size() > MAX) {
			return "must name 1 to " + MAX + " columns";
		}
		Set<String> seen = new HashSet<>();
		for (String column : columns) {
			boolean known = FIELDS.contains(column) || (column.startsWith(CUSTOM_FIELD)
					&& customFieldKeys.contains(column.substring(CUSTOM_FIELD.length())));
			if (!known) {
				return "'" + column + "' is not a column; columns are " + FIELDS.stream().sorted().toList()
						+ " and customFields.<key> of the tenant's custom fields";
			}
			if (!seen.add(column)) {
				return "'" + column + "' appears twice";
			}
		}
		return null;
	}

}
