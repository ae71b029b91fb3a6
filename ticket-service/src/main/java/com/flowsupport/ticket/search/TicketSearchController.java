package com.flowsupport.ticket.search;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.CursorPage;
import com.flowsupport.shared.web.Cursors;
import com.flowsupport.shared.web.Problems;
import com.flowsupport.ticket.ticket.TicketView;

@RestController
@RequestMapping("/api/v1/tickets")
class TicketSearchController {

	private final TicketFinder finder;

	TicketSearchController(TicketFinder finder) {
		this.finder = finder;
	}

	/**
	 * Lists the tickets the caller may see, newest first unless sorted otherwise;
	 * customers get their own.
	 */
	@GetMapping
	CursorPage<TicketView> list(@RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable String priority,
			@RequestParam(required = false) @Nullable String type,
			@RequestParam(required = false) @Nullable String assigneeId,
			@RequestParam(required = false) @Nullable String groupId,
			@RequestParam(required = false) @Nullable String requesterId,
			@RequestParam(required = false) @Nullable String tag, @RequestParam(required = false) @Nullable String sort,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit) {
		TicketFilter filter = new TicketFilter();
		Map<String, @Nullable String> parameters = new LinkedHashMap<>();
		parameters.put("status", status);
		parameters.put("priority", priority);
		parameters.put("type", type);
		parameters.put("assignee", assigneeId);
		parameters.put("group", groupId);
		parameters.put("requester", requesterId);
		parameters.put("tag", tag);
		parameters.forEach((field, value) -> {
			if (value != null && !value.isBlank()) {
				filter.where(field, value.trim());
			}
		});
		return this.finder.find(filter, parseSort(sort), cursor, Cursors.limit(limit));
	}

	/** The search language of {@link SearchQuery}, for agents and admins. */
	@GetMapping("/search")
	CursorPage<TicketView> search(@RequestParam String q, @RequestParam(required = false) @Nullable String sort,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit) {
		// Free text matches internal notes too, so it is for staff only.
		Tenancy.requireRole(AppRole.AGENT, AppRole.ADMIN, AppRole.SUPER_ADMIN, AppRole.SERVICE);
		return this.finder.find(SearchQuery.parse(q), parseSort(sort), cursor, Cursors.limit(limit));
	}

	private static TicketFinder.@Nullable Sort parseSort(@Nullable String sort) {
		if (sort == null || sort.isBlank()) {
			return null;
		}
		return TicketFinder.Sort.parse(sort)
			.orElseThrow(() -> Problems.of(HttpStatus.BAD_REQUEST, "invalid-sort", "Invalid sort",
					"sort is one of newest, oldest, updated, relevance."));
	}

}
