package com.flowsupport.ticket.view;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.flowsupport.shared.web.CursorPage;
import com.flowsupport.shared.web.Cursors;
import com.flowsupport.shared.web.ETags;
import com.flowsupport.ticket.ticket.TicketView;

/**
 * Saved views: {@code {name, query, conditions, sort, columns, shared}}. {@code query} is
 * the search language of {@code GET /api/v1/tickets/search}; {@code conditions} a list of
 * {@code {field, operator, value, negated}} over the same fields; a ticket must meet
 * both. {@code me} means whoever runs the view.
 */
@RestController
@RequestMapping("/api/v1/views")
class ViewController {

	private final ViewService views;

	ViewController(ViewService views) {
		this.views = views;
	}

	record ViewResource(UUID id, String name, String query, List<SavedView.Condition> conditions, String sort,
			List<String> columns, boolean shared, @Nullable UUID ownerId, long version, Instant createdAt,
			Instant updatedAt) {

		static ViewResource of(SavedView view) {
			return new ViewResource(view.id(), view.name(), view.query(), view.conditions(),
					ViewRepository.sortValue(view.sort()), view.columns(), view.shared(), view.ownerId(),
					view.version(), view.createdAt(), view.updatedAt());
		}

	}

	record ViewCount(UUID id, String name, long count) {
	}

	/** The shared views and the caller's own, in creation order. */
	@GetMapping
	CursorPage<ViewResource> list(@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit) {
		return this.views.list(Cursors.decode(cursor, UUID.class), Cursors.limit(limit)).map(ViewResource::of);
	}

	/**
	 * How many tickets each of the caller's views shows, paged like the list; counts may
	 * be up to {@code flowsupport.ticket.views.count-ttl} (30 s) behind.
	 */
	@GetMapping("/count")
	CursorPage<ViewCount> counts(@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit) {
		return this.views.counts(Cursors.decode(cursor, UUID.class), Cursors.limit(limit))
			.map((counted) -> new ViewCount(counted.view().id(), counted.view().name(), counted.count()));
	}

	@GetMapping("/{id}")
	ResponseEntity<ViewResource> get(@PathVariable UUID id) {
		return withETag(this.views.get(id));
	}

	@GetMapping("/{id}/tickets")
	CursorPage<TicketView> tickets(@PathVariable UUID id, @RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit) {
		return this.views.tickets(id, cursor, Cursors.limit(limit));
	}

	@PostMapping
	ResponseEntity<ViewResource> create(@RequestBody JsonNode body) {
		SavedView view = this.views.create(body);
		return ResponseEntity.created(URI.create("/api/v1/views/" + view.id()))
			.eTag(ETags.of(view.version()))
			.body(ViewResource.of(view));
	}

	@PutMapping("/{id}")
	ResponseEntity<ViewResource> replace(@PathVariable UUID id,
			@RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch, @RequestBody JsonNode body) {
		return withETag(this.views.replace(id, ETags.expectedVersion(ifMatch), body));
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable UUID id) {
		this.views.delete(id);
	}

	private static ResponseEntity<ViewResource> withETag(SavedView view) {
		return ResponseEntity.ok().eTag(ETags.of(view.version())).body(ViewResource.of(view));
	}

}
