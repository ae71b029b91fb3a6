package com.flowsupport.channel.directory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import com.flowsupport.channel.ChannelProperties;
import com.flowsupport.shared.security.ServiceTokens;

/**
 * ticket-service, asked as this service for a tenant: opens tickets for customers and
 * posts their messages as comments. Every call carries an {@code Idempotency-Key} derived
 * from the message, so a retried call never opens a ticket or posts a comment twice.
 */
@Component
public class Tickets {

	private final RestClient tickets;

	private final ServiceTokens tokens;

	Tickets(ChannelProperties properties, ServiceTokens tokens, RestClient.Builder restClients) {
		this.tickets = Peers.client(restClients, properties.ticketUrl(), Duration.ofSeconds(5));
		this.tokens = tokens;
	}

	/**
	 * A file a message carried: metadata only.
	 *
	 * @param url where the provider serves it
	 * @param sha256 hex SHA-256 of its bytes, once read
	 * @param skipped why its bytes were not read (not on the provider's hosts, too large,
	 * the download failed)
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Attachment(String fileName, String contentType, long size, @Nullable String url,
			@Nullable String sha256, @Nullable String skipped) {

		public Attachment(String fileName, String contentType, long size, @Nullable String url) {
			this(fileName, contentType, size, url, null, null);
		}

	}

	public record NewTicket(String subject, String description, UUID requesterId, String channel,
			List<String> externalRefs) {
	}

	public record TicketRef(UUID id, long number, String status) {
	}

	record CommentRef(UUID id) {
	}

	/** The ticket can take no more replies (closed): the message needs a new one. */
	public static final class ClosedException extends RuntimeException {

		ClosedException(Throwable cause) {
			super("The ticket takes no more replies", cause);
		}

	}

	public TicketRef open(UUID tenantId, NewTicket ticket, String idempotencyKey) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("subject", ticket.subject());
		body.put("description", ticket.description());
		body.put("requesterId", ticket.requesterId());
		body.put("channel", ticket.channel());
		body.put("externalRefs", ticket.externalRefs());
		try {
			TicketRef created = this.tickets.post().uri("/api/v1/tickets").headers((headers) -> {
				headers.setBearerAuth(this.tokens.token(tenantId));
				headers.set("Idempotency-Key", idempotencyKey);
			}).contentType(MediaType.APPLICATION_JSON).body(body).retrieve().body(TicketRef.class);
			if (created == null) {
				throw new PeerUnavailableException("ticket-service opened a ticket without answering it", null);
			}
			return created;
		}
		catch (RestClientException | ServiceTokens.UnavailableException ex) {
			throw new PeerUnavailableException("ticket-service did not open a ticket", ex);
		}
	}

	/**
	 * Posts a customer's message on a ticket.
	 * @throws ClosedException when the ticket is closed or gone
	 */
	public UUID comment(UUID tenantId, UUID ticketId, UUID customerId, String body, String channel,
			@Nullable String externalRef, List<Attachment> attachments, String idempotencyKey) {
		Map<String, Object> comment = new LinkedHashMap<>();
		comment.put("body", body);
		comment.put("public", true);
		comment.put("authorId", customerId);
		comment.put("authorRole", "customer");
		comment.put("channel", channel);
		if (externalRef != null) {
			comment.put("externalRef", (externalRef.length() > 998) ? externalRef.substring(0, 998) : externalRef);
		}
		comment.put("attachments", attachments);
		try {
			CommentRef created = this.tickets.post()
				.uri("/api/v1/tickets/{id}/comments", ticketId)
				.headers((headers) -> {
					headers.setBearerAuth(this.tokens.token(tenantId));
					headers.set("Idempotency-Key", idempotencyKey);
				})
				.contentType(MediaType.APPLICATION_JSON)
				.body(comment)
				.retrieve()
				.body(CommentRef.class);
			if (created == null) {
				throw new PeerUnavailableException("ticket-service posted a comment without answering it", null);
			}
			return created.id();
		}
		catch (HttpClientErrorException.Conflict | HttpClientErrorException.NotFound ex) {
			throw new ClosedException(ex);
		}
		catch (RestClientException | ServiceTokens.UnavailableException ex) {
			throw new PeerUnavailableException("ticket-service did not take a comment", ex);
		}
	}

}
