package com.flowsupport.ticket.ticket;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.flowsupport.shared.db.Transactions;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.CursorPage;
import com.flowsupport.shared.web.Cursors;
import com.flowsupport.shared.web.ETags;
import com.flowsupport.shared.web.JsonReader;
import com.flowsupport.shared.web.Problems;

@RestController
@RequestMapping("/api/v1/tickets")
class TicketController {

	static final int BULK_MAX = 100;

	/**
	 * The export stops this far behind now, so that a transaction still in flight cannot
	 * commit a change behind a cursor a client already holds.
	 */
	static final Duration EXPORT_HORIZON = Duration.ofSeconds(5);

	private static final UUID NO_ID = new UUID(0, 0);

	private final TicketService tickets;

	/** Each ticket of a bulk update in a transaction of its own. */
	private final TransactionTemplate eachTicket;

	TicketController(TicketService tickets, TransactionTemplate transactions) {
		this.tickets = tickets;
		this.eachTicket = Transactions.ownTransaction(transactions);
	}

	@PostMapping
	ResponseEntity<TicketView> create(@RequestBody JsonNode body) {
		Ticket ticket = this.tickets.create(TicketRequests.newTicket(body, Tenancy.require()));
		return ResponseEntity.created(URI.create("/api/v1/tickets/" + ticket.id()))
			.eTag(ETags.of(ticket.version()))
			.body(TicketView.of(ticket));
	}

	@GetMapping("/{id}")
	ResponseEntity<TicketView> get(@PathVariable UUID id) {
		Ticket ticket = this.tickets.get(id);
		return ResponseEntity.ok().eTag(ETags.of(ticket.version())).body(TicketView.of(ticket));
	}

	@PatchMapping("/{id}")
	ResponseEntity<TicketView> update(@PathVariable UUID id, @RequestBody JsonNode body,
			@RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
		Tenancy.requireRole(AppRole.AGENT, AppRole.ADMIN, AppRole.SUPER_ADMIN, AppRole.SERVICE);
		Ticket ticket = this.tickets.update(id, ETags.expectedVersion(ifMatch), TicketRequests.changes(body),
				TicketService.VIA_API);
		return ResponseEntity.ok().eTag(ETags.of(ticket.version())).body(TicketView.of(ticket));
	}

	/**
	 * Applies the same changes to up to {@value #BULK_MAX} tickets, each in its own
	 * transaction: one ticket's problem does not undo the others.
	 */
	@PostMapping("/bulk")
	BulkResult bulk(@RequestBody JsonNode body) {
		Tenancy.requireRole(AppRole.AGENT, AppRole.ADMIN, AppRole.SUPER_ADMIN, AppRole.SERVICE);
		JsonReader in = new JsonReader(body, Set.of("ids", "changes"));
		List<UUID> ids = in.uuids("ids", BULK_MAX);
		if (ids.isEmpty()) {
			in.reject("ids", "must list 1 to " + BULK_MAX + " ticket ids");
		}
		if (!body.has("changes")) {
			in.reject("changes", "is required");
		}
		in.finish();
		TicketChanges changes = TicketRequests.changes(body.get("changes"));
		List<BulkResult.Item> results = new ArrayList<>();
		for (UUID id : ids.stream().distinct().toList()) {
			try {
				Ticket ticket = this.eachTicket
					.execute((status) -> this.tickets.update(id, null, changes, TicketService.VIA_API));
				results.add(new BulkResult.Item(id, true, (ticket != null) ? TicketView.of(ticket) : null, null));
			}
			catch (ErrorResponseException ex) {
				results.add(new BulkResult.Item(id, false, null, ex.getBody()));
			}
			catch (AccessDeniedException ex) {
				results.add(new BulkResult.Item(id, false, null,
						Problems.detail(HttpStatus.FORBIDDEN, "Forbidden", "You may not change this ticket.")));
			}
			catch (OptimisticLockingFailureException ex) {
				results.add(new BulkResult.Item(id, false, null, Problems.detail(HttpStatus.CONFLICT,
						"Concurrent update", "The ticket was changed by someone else; retry.")));
			}
		}
		return new BulkResult(results);
	}

	record BulkResult(List<Item> results) {

		record Item(UUID id, boolean ok, @Nullable TicketView ticket, @Nullable ProblemDetail problem) {
		}

	}

	@PostMapping("/{id}/comments")
	ResponseEntity<Comment> comment(@PathVariable UUID id, @Valid @RequestBody NewCommentRequest request) {
		TicketStatus status = null;
		if (request.status() != null) {
			status = TicketStatus.parse(request.status())
				.orElseThrow(() -> Problems.unprocessable(Map.of("status", "is not a status")));
		}
		AppRole authorRole = null;
		if (request.authorRole() != null) {
			authorRole = AppRole.parse(request.authorRole())
				.orElseThrow(() -> Problems.unprocessable(Map.of("authorRole", "must be customer or agent")));
		}
		Comment comment = this.tickets.addComment(id,
				new TicketService.NewComment(request.body(), !Boolean.FALSE.equals(request.isPublic()),
						request.authorId(), authorRole, request.channel(), request.externalRef(),
						(request.attachments() != null) ? request.attachments() : List.of(), status));
		return ResponseEntity.created(URI.create("/api/v1/tickets/" + id + "/comments/" + comment.id())).body(comment);
	}

	@GetMapping("/{id}/comments")
	CursorPage<Comment> comments(@PathVariable UUID id, @RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor) {
		int size = Cursors.limit(limit);
		return CursorPage.fromLookahead(this.tickets.comments(id, Cursors.decode(cursor, UUID.class), size + 1), size,
				Comment::id);
	}

	@GetMapping("/{id}/audit")
	CursorPage<AuditTrail.Entry> audit(@PathVariable UUID id, @RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor) {
		int size = Cursors.limit(limit);
		return CursorPage.fromLookahead(this.tickets.audit(id, Cursors.decode(cursor, UUID.class), size + 1), size,
				AuditTrail.Entry::id);
	}

	@PostMapping("/{id}/merge")
	ResponseEntity<TicketView> merge(@PathVariable UUID id, @Valid @RequestBody MergeRequest request) {
		Ticket target = this.tickets.merge(id, request.targetId(), request.note());
		return ResponseEntity.ok().eTag(ETags.of(target.version())).body(TicketView.of(target));
	}

	@PostMapping("/{id}/satisfaction")
	ResponseEntity<TicketView> rate(@PathVariable UUID id, @Valid @RequestBody RatingRequest request) {
		Ticket ticket = this.tickets.rate(id, request.score(), request.comment());
		return ResponseEntity.ok().eTag(ETags.of(ticket.version())).body(TicketView.of(ticket));
	}

	/**
	 * Incremental export: tickets changed since the cursor, oldest change first. The
	 * cursor of the last page is kept and used later to fetch what changed since.
	 */
	@GetMapping("/export")
	ExportPage export(@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable Instant startTime) {
		int size = Cursors.limit(limit);
		ExportCursor position = Cursors.decode(cursor, ExportCursor.class);
		if (position == null) {
			position = new ExportCursor((startTime != null) ? startTime : Instant.EPOCH, NO_ID);
		}
		Instant horizon = this.tickets.now().minus(EXPORT_HORIZON);
		List<Ticket> changed = this.tickets.changedSince(position.after(), position.afterId(), horizon, size + 1);
		boolean more = changed.size() > size;
		List<Ticket> page = more ? changed.subList(0, size) : changed;
		ExportCursor next = page.isEmpty() ? position
				: new ExportCursor(page.getLast().updatedAt(), page.getLast().id());
		return new ExportPage(page.stream().map(TicketView::of).toList(), Cursors.encode(next), !more);
	}

	record ExportCursor(Instant after, UUID afterId) {
	}

	/**
	 * @param endOfStream nothing more has changed for now; keep {@code nextCursor} and
	 * ask again later
	 */
	record ExportPage(List<TicketView> items, String nextCursor, boolean endOfStream) {
	}

	record NewCommentRequest(@NotBlank @Size(max = 65_535) String body,
			@JsonProperty("public") @Nullable Boolean isPublic, @Nullable UUID authorId, @Nullable String authorRole,
			@Nullable @Pattern(regexp = Ticket.CHANNEL_PATTERN) String channel,
			@Nullable @Size(max = 998) String externalRef,
			@Nullable @Size(max = 50) List<Comment.@Valid Attachment> attachments, @Nullable String status) {
	}

	record MergeRequest(@NotNull UUID targetId, @Nullable @Size(max = 10_000) String note) {
	}

	record RatingRequest(@NotBlank @Pattern(regexp = "good|bad") String score,
			@Nullable @Size(max = 2_000) String comment) {
	}

}
