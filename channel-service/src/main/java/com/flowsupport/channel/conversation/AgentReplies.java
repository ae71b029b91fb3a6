package com.flowsupport.channel.conversation;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.flowsupport.channel.channel.Channel;
import com.flowsupport.channel.channel.ChannelType;
import com.flowsupport.channel.channel.Channels;
import com.flowsupport.channel.directory.Staff;
import com.flowsupport.shared.events.EventEnvelope;
import com.flowsupport.shared.events.EventSubscription;
import com.flowsupport.shared.events.EventTypes;
import com.flowsupport.shared.tenancy.Tenancy;

/**
 * Public replies by agents on tickets that came in through a channel go back out on that
 * channel, to the conversation's customer; so do business rules' notifications to the
 * requester, while their notices to the assignee, a group or a user are emailed to them.
 * Internal notes, customers' own comments and tickets no channel opened are left alone.
 */
@Configuration(proxyBeanMethods = false)
class AgentReplies {

	private static final Logger log = LoggerFactory.getLogger(AgentReplies.class);

	private final ConversationRepository conversations;

	private final Channels channels;

	private final Outbound outbound;

	private final Staff staff;

	AgentReplies(ConversationRepository conversations, Channels channels, Outbound outbound, Staff staff) {
		this.conversations = conversations;
		this.channels = channels;
		this.outbound = outbound;
		this.staff = staff;
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
		String subject = data.path("subject").asString("");
		String body = data.path("body").asString("");
		String recipient = data.path("recipient").asString("");
		if (!"requester".equals(recipient)) {
			notifyStaff(UUID.fromString(data.path("ticketId").asString()), recipient, subject, body,
					data.path("ticketNumber").asLong(0));
			return;
		}
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

	/**
	 * Notices to the assignee, a group or a user are emails, whatever channel the ticket
	 * came through: sent from the ticket's email channel, else from the tenant's first
	 * email channel, through the delivery queue like every reply.
	 */
	private void notifyStaff(UUID ticketId, String recipient, String subject, String body, long ticketNumber) {
		UUID tenantId = Tenancy.require().requireTenantId();
		Optional<Conversation> conversation = this.conversations.byTicket(tenantId, ticketId);
		Optional<Channel> channel = conversation.flatMap((c) -> this.channels.find(c.channelId()))
			.filter((c) -> c.enabled() && c.type() == ChannelType.EMAIL)
			.or(this.channels::firstEmail);
		if (channel.isEmpty()) {
			log.info("No email channel to send ticket {}'s notice to {} through", ticketId, recipient);
			return;
		}
		Conversation thread = conversation.filter((c) -> c.channelId().equals(channel.get().id())).orElse(null);
		String title = subject.isBlank() ? "Ticket #" + ticketNumber : subject;
		for (String address : this.staff.addresses(tenantId, ticketId, recipient)) {
			this.outbound.queueNotice(channel.get(), thread, ticketId, address, title, body,
					Map.of("ticketNumber", ticketNumber, "recipient", recipient));
		}
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
