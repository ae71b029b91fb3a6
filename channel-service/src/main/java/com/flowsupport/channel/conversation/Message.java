package com.flowsupport.channel.conversation;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.flowsupport.channel.directory.Tickets;

/**
 * A message in or out on a channel, with its delivery state.
 *
 * @param externalId the provider's id (Message-ID, MessageSid, WhatsApp message id)
 * @param author customer, agent, bot or system
 * @param headers what threading needs of an email (message id, in-reply-to, references,
 * cc, reply token) and other provider details
 * @param status received, processed, ignored (inbound); queued, sent, delivered, failed
 * (outbound)
 * @param statusReason why it was ignored or failed
 */
public record Message(UUID id, UUID tenantId, UUID channelId, @Nullable UUID conversationId, String direction,
		@Nullable String externalId, String author, @Nullable String sender, @Nullable String recipient,
		@Nullable String subject, String body, List<Tickets.Attachment> attachments, Map<String, Object> headers,
		String status, @Nullable String statusReason, int attempts, @Nullable Instant nextAttemptAt,
		@Nullable UUID ticketId, @Nullable UUID commentId, Instant createdAt, Instant updatedAt) {

	public static final String IN = "in";

	public static final String OUT = "out";

	public Message {
		attachments = List.copyOf(attachments);
		headers = Map.copyOf(headers);
	}

	@SuppressWarnings("unchecked")
	public List<String> headerList(String name) {
		return (this.headers.get(name) instanceof List<?> values) ? (List<String>) values : List.of();
	}

	public @Nullable String header(String name) {
		Object value = this.headers.get(name);
		return (value != null) ? value.toString() : null;
	}

}
