package com.flowsupport.channel.conversation;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.flowsupport.channel.channel.Channel;

/** What providers report about messages we sent (delivered, read, failed). */
@Service
public class DeliveryReports {

	private final MessageRepository messages;

	DeliveryReports(MessageRepository messages) {
		this.messages = messages;
	}

	/**
	 * Records the provider's word on the outbound message it knows as {@code externalId};
	 * runs as the channel's tenant (the caller binds it).
	 * @param status sent, delivered or failed
	 */
	@Transactional
	public void report(Channel channel, String externalId, String status, @Nullable String reason) {
		this.messages.byExternalId(channel.tenantId(), channel.id(), Message.OUT, externalId)
			.ifPresent((message) -> this.messages.reported(channel.tenantId(), message.id(), status, reason));
	}

}
