package com.flowsupport.channel.conversation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One customer's thread on one channel.
 *
 * @param contact email address, phone number, WhatsApp id or widget visitor id
 * @param ticketId the ticket it feeds; none while the bot handles it
 * @param replyToken names the ticket in the email reply address
 * @param participants who may add to it by email: the requester and those copied
 * @param email where a widget visitor may be emailed when gone
 * @param mode {@code bot} or {@code ticket}
 */
public record Conversation(UUID id, UUID tenantId, UUID channelId, String contact, @Nullable UUID customerId,
		@Nullable UUID ticketId, @Nullable String aiConversationId, String replyToken, List<String> participants,
		@Nullable String subject, @Nullable String email, String mode, Instant createdAt, Instant updatedAt) {

	public static final String BOT = "bot";

	public static final String TICKET = "ticket";

	public Conversation {
		participants = List.copyOf(participants);
	}

}
