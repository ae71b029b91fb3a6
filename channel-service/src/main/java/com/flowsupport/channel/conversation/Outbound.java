package com.flowsupport.channel.conversation;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import com.flowsupport.channel.channel.Channel;
import com.flowsupport.channel.channel.ChannelType;
import com.flowsupport.channel.delivery.DeliveryQueue;
import com.flowsupport.shared.events.Uuids;

/**
 * Queues a reply to a conversation's customer on the conversation's channel: the message
 * is stored as {@code queued} with the change that caused it, and handed to the delivery
 * queue once that commits.
 */
@Component
public class Outbound {

	/** The header marking a notice to staff rather than a message to the customer. */
	public static final String NOTICE = "notice";

	private final MessageRepository messages;

	private final DeliveryQueue queue;

	private final Clock clock;

	Outbound(MessageRepository messages, DeliveryQueue queue, Clock clock) {
		this.messages = messages;
		this.queue = queue;
		this.clock = clock;
	}

	/**
	 * @param author agent, bot or system
	 * @param commentId the ticket comment it carries; a comment is queued once
	 * @return the message, or {@code null} when this comment was queued before
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public @Nullable Message queue(Channel channel, Conversation conversation, String author, String body,
			@Nullable UUID commentId, Map<String, Object> headers) {
		Instant now = this.clock.instant();
		String externalId = (channel.type() == ChannelType.EMAIL) ? EmailIds.newMessageId(channel) : null;
		Message message = new Message(Uuids.timeOrdered(), conversation.tenantId(), channel.id(), conversation.id(),
				Message.OUT, externalId, author, channel.address(), conversation.contact(),
				(conversation.subject() != null) ? conversation.subject() : null, body, List.of(), headers, "queued",
				null, 0, null, conversation.ticketId(), commentId, now, now);
		if (!this.messages.insert(message)) {
			return null;
		}
		this.queue.enqueueAfterCommit(message.tenantId(), message.id());
		return message;
	}

	/**
	 * Queues a business rule's notice about a ticket to someone other than its requester
	 * (the assignee, a group's members, a named user), by email on {@code channel}.
	 * @param conversation the ticket's conversation, when it came through a channel
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Message queueNotice(Channel channel, @Nullable Conversation conversation, UUID ticketId, String recipient,
			String subject, String body, Map<String, Object> headers) {
		Instant now = this.clock.instant();
		Map<String, Object> notice = new LinkedHashMap<>(headers);
		notice.put(NOTICE, true);
		Message message = new Message(Uuids.timeOrdered(), channel.tenantId(), channel.id(),
				(conversation != null) ? conversation.id() : null, Message.OUT, EmailIds.newMessageId(channel),
				"system", channel.address(), recipient, subject, body, List.of(), notice, "queued", null, 0, null,
				ticketId, null, now, now);
		this.messages.insert(message);
		this.queue.enqueueAfterCommit(message.tenantId(), message.id());
		return message;
	}

}
