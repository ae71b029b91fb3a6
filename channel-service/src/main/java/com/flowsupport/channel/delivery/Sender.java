package com.flowsupport.channel.delivery;

import org.jspecify.annotations.Nullable;

import com.flowsupport.channel.channel.Channel;
import com.flowsupport.channel.channel.Provider;
import com.flowsupport.channel.conversation.Conversation;
import com.flowsupport.channel.conversation.Message;

/** Sends outbound messages of one provider. */
public interface Sender {

	Provider provider();

	/**
	 * Sends {@code message} once.
	 * @return the provider's id of the sent message, if it gives one
	 * @throws DeliveryException when the provider refused or could not be reached
	 */
	@Nullable String send(Channel channel, @Nullable Conversation conversation, Message message);

}
