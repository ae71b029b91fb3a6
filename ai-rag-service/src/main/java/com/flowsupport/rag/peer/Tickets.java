package com.flowsupport.rag.peer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import com.flowsupport.rag.RagProperties;

/**
 * ticket-service as ai-rag-service uses it. Writes carry an {@code Idempotency-Key}
 * derived from what caused them (an event, a handoff), so a retried write is answered
 * with the first one's result instead of being applied twice.
 */
@Component
public class Tickets {

	/**
	 * The most comments read of one thread (a summary needs the gist, not everything).
	 */
	static final int THREAD_MAX = 200;

	private final PeerClient tickets;

	Tickets(RagProperties properties, PeerCredentials credentials, RestClient.Builder restClients) {
		this.tickets = new PeerClient("ticket-service", properties.ticketUrl(), properties.connectTimeout(),
				properties.readTimeout(), credentials, restClients);
	}

	public record Ticket(UUID id, long number, String subject, String description, String status,
			@Nullable UUID requesterId, @Nullable UUID assigneeId, @Nullable UUID groupId, String channel,
			List<String> tags) {
	}

	public record Comment(UUID id, @Nullable UUID authorId, String authorRole, String body,
			@JsonProperty("public") boolean isPublic, Instant createdAt) {
	}

	record CommentPage(List<Comment> items, @Nullable String nextCursor) {
	}

	record Created(UUID id) {
	}

	/**
	 * A comment by someone else than the caller: a service posts as the AI agent, or as
	 * the customer of a chat.
	 *
	 * @param authorRole {@code agent} or {@code customer}
	 * @param status the ticket's status set with the comment, or {@code null}
	 */
	public record NewComment(String body, boolean isPublic, @Nullable UUID authorId, String authorRole,
			@Nullable String status, @Nullable String channel) {
	}

	public UUID comment(UUID ticketId, NewComment comment, String idempotencyKey) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("body", comment.body());
		body.put("public", comment.isPublic());
		body.put("authorRole", comment.authorRole());
		if (comment.authorId() != null) {
			body.put("authorId", comment.authorId());
		}
		if (comment.status() != null) {
			body.put("status", comment.status());
		}
		if (comment.channel() != null) {
			body.put("channel", comment.channel());
		}
		Created created = this.tickets.call(true,
				(rest, token) -> rest.post().uri("/api/v1/tickets/{id}/comments", ticketId).headers((headers) -> {
					headers.setBearerAuth(token);
					headers.set("Idempotency-Key", idempotencyKey);
				}).contentType(MediaType.APPLICATION_JSON).body(body).retrieve().body(Created.class));
		return require(created).id();
	}

	/** Applies a partial update (ticket-service's PATCH body) as this service. */
	public void update(UUID ticketId, Map<String, Object> changes) {
		this.tickets.call(true,
				(rest, token) -> rest.patch()
					.uri("/api/v1/tickets/{id}", ticketId)
					.headers((headers) -> headers.setBearerAuth(token))
					.contentType(MediaType.APPLICATION_JSON)
					.body(changes)
					.retrieve()
					.toBodilessEntity());
	}

	public record NewTicket(String subject, String description, @Nullable UUID requesterId, String channel,
			List<String> tags) {
	}

	/** Opens a ticket as this service, for a requester (a chat handed over). */
	public UUID create(NewTicket ticket, String idempotencyKey) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("subject", ticket.subject());
		body.put("description", ticket.description());
		if (ticket.requesterId() != null) {
			body.put("requesterId", ticket.requesterId());
		}
		body.put("channel", ticket.channel());
		body.put("tags", ticket.tags());
		Created created = this.tickets.call(true,
				(rest, token) -> rest.post().uri("/api/v1/tickets").headers((headers) -> {
					headers.setBearerAuth(token);
					headers.set("Idempotency-Key", idempotencyKey);
				}).contentType(MediaType.APPLICATION_JSON).body(body).retrieve().body(Created.class));
		return require(created).id();
	}

	/**
	 * The ticket as the caller sees it (with the caller's token), or as this service when
	 * {@code asService}; empty when there is no such ticket for them.
	 */
	public Optional<Ticket> get(UUID ticketId, boolean asService) {
		try {
			return Optional.ofNullable(this.tickets.call(asService,
					(rest, token) -> rest.get()
						.uri("/api/v1/tickets/{id}", ticketId)
						.headers((headers) -> headers.setBearerAuth(token))
						.retrieve()
						.body(Ticket.class)));
		}
		catch (org.springframework.web.client.HttpClientErrorException.NotFound ex) {
			return Optional.empty();
		}
	}

	/** The ticket's comments, oldest first, as far as the caller may read them. */
	public List<Comment> thread(UUID ticketId, boolean asService) {
		List<Comment> comments = new ArrayList<>();
		String cursor = null;
		do {
			String after = cursor;
			CommentPage page = this.tickets.call(asService,
					(rest, token) -> rest.get()
						.uri((uri) -> uri.path("/api/v1/tickets/{id}/comments")
							.queryParam("limit", 100)
							.queryParamIfPresent("cursor", Optional.ofNullable(after))
							.build(ticketId))
						.headers((headers) -> headers.setBearerAuth(token))
						.retrieve()
						.body(CommentPage.class));
			if (page == null) {
				break;
			}
			comments.addAll(page.items());
			cursor = page.nextCursor();
		}
		while (cursor != null && comments.size() < THREAD_MAX);
		return comments;
	}

	private static <T> T require(@Nullable T body) {
		if (body == null) {
			throw new PeerUnavailableException("ticket-service answered without a body", null);
		}
		return body;
	}

}
