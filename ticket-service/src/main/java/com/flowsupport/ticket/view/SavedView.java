package com.flowsupport.ticket.view;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.flowsupport.ticket.search.SearchQuery;
import com.flowsupport.ticket.search.TicketFilter;
import com.flowsupport.ticket.search.TicketFinder;

/**
 * A saved view: what tickets it shows (a search-language query and structured conditions,
 * both of which a ticket must meet), in which order, with which columns.
 *
 * @param ownerId the agent whose personal view it is; {@code null} for a shared view
 */
record SavedView(UUID id, @Nullable UUID ownerId, String name, String query, List<Condition> conditions,
		TicketFinder.Sort sort, List<String> columns, long version, @Nullable UUID createdBy, Instant createdAt,
		Instant updatedAt) {

	/**
	 * One structured condition, as the search language would say {@code field:value}.
	 *
	 * @param operator {@code is}, {@code less}, {@code less_or_equal}, {@code greater} or
	 * {@code greater_or_equal}
	 */
	record Condition(String field, String operator, String value, boolean negated) {

		TicketFilter.Operator comparison() {
			return TicketFilter.Operator.valueOf(this.operator.toUpperCase(Locale.ROOT));
		}

	}

	boolean shared() {
		return this.ownerId == null;
	}

	TicketFilter filter() {
		return filterOf(this.query, this.conditions);
	}

	/**
	 * Whether what the view shows depends on who runs it beyond their tenant:
	 * {@code assignee:me} and the like mean whoever runs the view.
	 */
	boolean personal() {
		return filter().conditions().stream().anyMatch((condition) -> "me".equals(condition.value()));
	}

	static TicketFilter filterOf(String query, List<Condition> conditions) {
		TicketFilter filter = query.isBlank() ? new TicketFilter() : SearchQuery.parse(query);
		for (Condition condition : conditions) {
			filter.where(condition.field(), condition.comparison(), condition.value(), condition.negated());
		}
		return filter;
	}

}
