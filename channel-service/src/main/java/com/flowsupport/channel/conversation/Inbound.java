package com.flowsupport.channel.conversation;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.flowsupport.channel.directory.Tickets;

/**
 * A message a provider delivered, parsed and verified, before it is routed.
 *
 * @param externalId the provider's id, which redeliveries share
 * @param sender email address, phone number or widget visitor
 * @param headers email threading data ({@code messageId}, {@code inReplyTo},
 * {@code references}, {@code cc}, {@code replyToken}) and provider details
 * @param ignoreReason set for messages kept but never routed (auto-replies, bounces,
 * loops)
 * @param conversationId the widget conversation it belongs to
 */
public record Inbound(@Nullable String externalId, String sender, @Nullable String senderName,
		@Nullable String recipient, @Nullable String subject, String body, List<Tickets.Attachment> attachments,
		Map<String, Object> headers, @Nullable String ignoreReason, @Nullable UUID conversationId) {

	public Inbound {
		attachments = List.copyOf(attachments);
		headers = Map.copyOf(headers);
	}

}
