package com.flowsupport.channel.conversation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.flowsupport.channel.channel.Channel;
import com.flowsupport.channel.channel.Channels;
import com.flowsupport.channel.directory.Tickets;
import com.flowsupport.shared.web.CursorPage;
import com.flowsupport.shared.web.Cursors;
import com.flowsupport.shared.web.Problems;

/**
 * A channel's messages for staff, newest first, each with its delivery status (queued,
 * sent, delivered, failed; received, processed, ignored for inbound) and attempts.
 */
@RestController
@RequestMapping("/api/v1/channels/{channelId}/messages")
class MessageController {

	private final Channels channels;

	private final MessageRepository messages;

	MessageController(Channels channels, MessageRepository messages) {
		this.channels = channels;
		this.messages = messages;
	}

	record MessageView(UUID id, String direction, String author, @Nullable String externalId, @Nullable String sender,
			@Nullable String recipient, @Nullable String subject, String body, List<Tickets.Attachment> attachments,
			String status, @Nullable String statusReason, int attempts, @Nullable Instant nextAttemptAt,
			@Nullable UUID conversationId, @Nullable UUID ticketId, @Nullable UUID commentId, Instant createdAt,
			Instant updatedAt) {

		static MessageView of(Message m) {
			return new MessageView(m.id(), m.direction(), m.author(), m.externalId(), m.sender(), m.recipient(),
					m.subject(), m.body(), m.attachments(), m.status(), m.statusReason(), m.attempts(),
					m.nextAttemptAt(), m.conversationId(), m.ticketId(), m.commentId(), m.createdAt(), m.updatedAt());
		}

	}

	@GetMapping
	@Transactional(readOnly = true)
	public CursorPage<MessageView> list(@PathVariable UUID channelId,
			@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor) {
		Channel channel = this.channels.getForMessageLog(channelId);
		int size = Cursors.limit(limit);
		return CursorPage
			.fromLookahead(this.messages.pageOfChannel(channel.tenantId(), channel.id(),
					Cursors.decode(cursor, UUID.class), size + 1), size, Message::id)
			.map(MessageView::of);
	}

	@GetMapping("/{id}")
	@Transactional(readOnly = true)
	public MessageView get(@PathVariable UUID channelId, @PathVariable UUID id) {
		Channel channel = this.channels.getForMessageLog(channelId);
		return this.messages.find(channel.tenantId(), id)
			.filter((message) -> message.channelId().equals(channel.id()))
			.map(MessageView::of)
			.orElseThrow(() -> Problems.notFound("message"));
	}

}
