package com.flowsupport.channel.conversation;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.flowsupport.channel.channel.Channel;
import com.flowsupport.shared.events.EventPublisher;
import com.flowsupport.shared.events.EventTypes;
import com.flowsupport.shared.events.Uuids;

/**
 * Where every channel hands in what customers send: the message is stored once (a
 * provider's redelivery with the same id is recognised and dropped) and announced as
 * {@code channel.message.received} in the same transaction; {@link InboundRouter} routes
 * it from there, retried until it lands.
 */
@Service
public class InboundMessages {

	private final MessageRepository messages;

	private final EventPublisher events;

	private final Clock clock;

	InboundMessages(MessageRepository messages, EventPublisher events, Clock clock) {
		this.messages = messages;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Stores and announces a message; runs as the channel's tenant (the caller binds it).
	 * @return the stored message, or empty for a duplicate
	 */
	@Transactional
	public Optional<Message> receive(Channel channel, Inbound inbound) {
		Instant now = this.clock.instant();
		boolean ignored = inbound.ignoreReason() != null;
		Message message = new Message(Uuids.timeOrdered(), channel.tenantId(), channel.id(), inbound.conversationId(),
				Message.IN, inbound.externalId(), "customer", inbound.sender(), inbound.recipient(), inbound.subject(),
				inbound.body(), inbound.attachments(), inbound.headers(), ignored ? "ignored" : "received",
				inbound.ignoreReason(), 0, null, null, null, now, now);
		if (!this.messages.insert(message)) {
			return Optional.empty();
		}
		if (!ignored) {
			this.events.publish(EventTypes.CHANNEL_MESSAGE_RECEIVED,
					Map.of("messageId", message.id(), "channelId", channel.id(), "type", channel.type().value()));
		}
		return Optional.of(message);
	}

	/** Whether the channel already holds this provider message. */
	@Transactional(readOnly = true)
	public boolean known(UUID tenantId, UUID channelId, String externalId) {
		return this.messages.byExternalId(tenantId, channelId, Message.IN, externalId).isPresent();
	}

}
