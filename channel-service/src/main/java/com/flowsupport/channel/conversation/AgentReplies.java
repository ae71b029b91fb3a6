package com.flowsupport.channel.conversation;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.flowsupport.channel.channel.Channel;
import com.flowsupport.channel.channel.Channels;
import com.flowsupport.shared.events.EventEnvelope;
import com.flowsupport.shared.events.EventSubscription;
import com.flowsupport.shared.events.EventTypes;
import com.flowsupport.shared.tenancy.Tenancy;

/**
 * Public replies by agents on tickets that came in through a channel go back out on that
 * channel, to the conversation's customer; so do business rules' notifications to the
 * requester. Internal notes, customers' own comments and tickets no channel opened are
 * left alone.
 */
@Configuration(proxyBeanMethods = false)
class AgentReplies {

	private final ConversationRepository conversations;

	private final Channels channels;

	private final Outbound outbound;

	AgentReplies(ConversationRepository conversations, Channels channels, Outbound outbound) {
		this.conversations = conversations;
		this.channels = channels;
		this.outbound = outbound;
	}

	@Bean
	EventSubscription agentReplySubscription() {
		return new EventSubscription("channel-replies", Set.of(EventTypes.COMMENT_CREATED), this::reply);
	}

	@Bean
	EventSubscription requesterNotificationSubscription() {
		return new EventSubscription("channel-notifications", Set.of(EventTypes.TICKET_NOTIFICATION_REQUESTED),
				this::notifyRequester);
	}

	void notifyRequester(EventEnvelope event) {
		JsonNode data = event.data();
		if (!"requester".equals(data.path("recipient").asString(""))) {
			return;
		}
		String subject = data.path("subject").asString("");
		String body = data.path("body").asString("");
		send(UUID.fromString(data.path("ticketId").asString()), "system",
				subject.isBlank() ? body : subject + "\n\n" + body, null, data.path("ticketNumber").asLong(0));
	}

	void reply(EventEnvelope event) {
		JsonNode data = event.data();
		if (!data.path("public").asBoolean(false) || "customer".equals(data.path("authorRole").asString(""))) {
			return;
		}
		send(UUID.fromString(data.path("ticketId").asString()), "agent", data.path("body").asString(""),
				UUID.fromString(data.path("commentId").asString()), data.path("ticketNumber").asLong(0));
	}

	private void send(UUID ticketId, String author, String body, @Nullable UUID commentId, long ticketNumber) {
		UUID tenantId = Tenancy.require().requireTenantId();
		Optional<Conversation> conversation = this.conversations.byTicket(tenantId, ticketId);
		if (conversation.isEmpty()) {
			return;
		}
		Optional<Channel> channel = this.channels.find(conversation.get().channelId());
		if (channel.isEmpty() || !channel.get().enabled()) {
			return;
		}
		this.outbound.queue(channel.get(), conversation.get(), author, body, commentId,
				Map.of("ticketNumber", ticketNumber));
	}

}
