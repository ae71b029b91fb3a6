package com.flowsupport.rag.conversation;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A chat with the bot.
 *
 * @param audience whose reading rights answers are retrieved with: {@code public} for an
 * anonymous visitor, {@code signed_in} for a customer
 * @param status {@code open}, {@code handed_over} (a ticket took it to humans) or
 * {@code closed}
 * @param ticketId the ticket a handoff opened
 */
public record Conversation(UUID id, String channel, String audience, @Nullable String locale, @Nullable UUID customerId,
		@Nullable String customerName, @Nullable String customerEmail, String status, int lowConfidenceStreak,
		@Nullable UUID ticketId, @Nullable String handoffReason, @Nullable UUID startedBy, Instant createdAt,
		Instant updatedAt, long version) {

	static final String OPEN = "open";

	static final String HANDED_OVER = "handed_over";

	boolean open() {
		return OPEN.equals(this.status);
	}

}
