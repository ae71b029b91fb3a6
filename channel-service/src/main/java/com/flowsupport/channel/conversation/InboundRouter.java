package com.flowsupport.channel.conversation;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.flowsupport.channel.channel.Channel;
import com.flowsupport.channel.channel.ChannelType;
import com.flowsupport.channel.channel.Channels;
import com.flowsupport.channel.directory.Assistant;
import com.flowsupport.channel.directory.Customers;
import com.flowsupport.channel.directory.Tickets;
import com.flowsupport.shared.events.EventEnvelope;
import com.flowsupport.shared.events.EventSubscription;
import com.flowsupport.shared.events.EventTypes;
import com.flowsupport.shared.events.Uuids;
import com.flowsupport.shared.tenancy.Tenancy;

/**
 * Routes each received message once (the event inbox dedupes redeliveries): into the
 * ticket its thread belongs to, to the bot when the channel has it on, else into a new
 * ticket. An email joins an existing thread only when its sender is the requester or was
 * copied on it; anyone else writing into a thread (a spoofed reply) opens a ticket of
 * their own. Calls to ticket-service carry idempotency keys derived from the message, so
 * a retry after a failure half-way never duplicates a ticket or comment.
 */
@Configuration(proxyBeanMethods = false)
public class InboundRouter {

	private static final Logger log = LoggerFactory.getLogger(InboundRouter.class);

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final int SUBJECT_MAX = 150;

	private final MessageRepository messages;

	private final ConversationRepository conversations;

	private final Channels channels;

	private final Customers customers;

	private final Tickets tickets;

	private final Assistant assistant;

	private final Outbound outbound;

	private final LiveUpdates live;

	private final Clock clock;

	InboundRouter(MessageRepository messages, ConversationRepository conversations, Channels channels,
			Customers customers, Tickets tickets, Assistant assistant, Outbound outbound, LiveUpdates live,
			Clock clock) {
		this.messages = messages;
		this.conversations = conversations;
		this.channels = channels;
		this.customers = customers;
		this.tickets = tickets;
		this.assistant = assistant;
		this.outbound = outbound;
		this.live = live;
		this.clock = clock;
	}

	@Bean
	EventSubscription inboundSubscription() {
		return new EventSubscription("channel-inbound", Set.of(EventTypes.CHANNEL_MESSAGE_RECEIVED), this::route);
	}

	void route(EventEnvelope event) {
		UUID tenantId = Tenancy.require().requireTenantId();
		UUID messageId = UUID.fromString(event.data().path("messageId").asString());
		Optional<Message> stored = this.messages.find(tenantId, messageId);
		if (stored.isEmpty() || !"received".equals(stored.get().status())) {
			return;
		}
		Message message = stored.get();
		Optional<Channel> channel = this.channels.find(message.channelId());
		if (channel.isEmpty()) {
			return;
		}
		route(channel.get(), message);
	}

	private void route(Channel channel, Message message) {
		Conversation thread = threadOf(channel, message);
		if (thread != null && thread.ticketId() != null) {
			try {
				UUID comment = this.tickets.comment(message.tenantId(), thread.ticketId(),
						requireCustomer(channel, thread, message), message.body(), channel.type().ticketChannel(),
						message.externalId(), message.attachments(), "channel-message-" + message.id());
				addParticipants(thread, message);
				this.messages.processed(message.tenantId(), message.id(), thread.id(), thread.ticketId(), comment);
				return;
			}
			catch (Tickets.ClosedException ex) {
				log.info("Ticket {} takes no more replies; message {} opens a new one", thread.ticketId(),
						message.id());
				thread = null;
			}
		}
		if (channel.botEnabled() && channel.type() != ChannelType.WIDGET
				&& (thread == null || Conversation.BOT.equals(thread.mode()))) {
			thread = askBot(channel, thread, message);
			if (thread == null) {
				return;
			}
		}
		openTicket(channel, thread, message);
	}

	/**
	 * The bot answers on the channel when it can; otherwise the conversation becomes a
	 * ticket. Returns the conversation to open a ticket for, or null when answered.
	 */
	private @Nullable Conversation askBot(Channel channel, @Nullable Conversation thread, Message message) {
		Conversation conversation = (thread != null) ? thread
				: newConversation(channel, message, null, Conversation.BOT);
		try {
			String aiConversation = conversation.aiConversationId();
			if (aiConversation == null) {
				aiConversation = this.assistant.start(message.tenantId(), channel.type().value());
				conversation = withAi(conversation, aiConversation);
			}
			Assistant.Answer answer = this.assistant.ask(message.tenantId(), aiConversation, message.body(),
					(token) -> {
					});
			if (answer.needsHuman()) {
				return conversation;
			}
			this.messages.processed(message.tenantId(), message.id(), conversation.id(), null, null);
			this.outbound.queue(channel, conversation, "bot", BotReplies.format(answer), null, Map.of());
			return null;
		}
		catch (RuntimeException ex) {
			// Without the bot the customer still reaches a human.
			log.warn("The bot did not answer message {}; opening a ticket: {}", message.id(), ex.toString());
			return conversation;
		}
	}

	private Conversation withAi(Conversation c, String aiConversation) {
		Conversation updated = new Conversation(c.id(), c.tenantId(), c.channelId(), c.contact(), c.customerId(),
				c.ticketId(), aiConversation, c.replyToken(), c.participants(), c.subject(), c.email(), c.mode(),
				c.createdAt(), c.updatedAt());
		this.conversations.update(updated);
		return updated;
	}

	private void openTicket(Channel channel, @Nullable Conversation existing, Message message) {
		UUID customer = customerFor(channel, message);
		String subject = subjectOf(message);
		List<String> refs = (message.externalId() != null) ? List.of(message.externalId()) : List.of();
		Tickets.TicketRef ticket = this.tickets.open(message.tenantId(), new Tickets.NewTicket(subject,
				message.body().isBlank() ? subject : message.body(), customer, channel.type().ticketChannel(), refs),
				"channel-message-" + message.id());
		Conversation conversation = (existing != null) ? existing
				: newConversation(channel, message, customer, Conversation.TICKET);
		Conversation withTicket = new Conversation(conversation.id(), conversation.tenantId(), conversation.channelId(),
				conversation.contact(), customer, ticket.id(), conversation.aiConversationId(),
				conversation.replyToken(), participantsOf(conversation.participants(), message), subject,
				conversation.email(), Conversation.TICKET, conversation.createdAt(), this.clock.instant());
		this.conversations.update(withTicket);
		this.messages.processed(message.tenantId(), message.id(), withTicket.id(), ticket.id(), null);
		this.live.publish(withTicket.tenantId(), withTicket.id(), "ticket",
				Map.of("ticketId", ticket.id(), "ticketNumber", ticket.number()));
	}

	Conversation newConversation(Channel channel, Message message, @Nullable UUID customer, String mode) {
		Instant now = this.clock.instant();
		Conversation conversation = new Conversation(Uuids.timeOrdered(), message.tenantId(), channel.id(),
				contactOf(message), customer, null, null, newReplyToken(), participantsOf(List.of(), message),
				subjectOf(message), null, mode, now, now);
		this.conversations.insert(conversation);
		return conversation;
	}

	/** The conversation a message continues, if it continues one it may join. */
	private @Nullable Conversation threadOf(Channel channel, Message message) {
		UUID tenantId = message.tenantId();
		if (message.conversationId() != null) {
			return this.conversations.find(tenantId, message.conversationId()).orElse(null);
		}
		if (channel.type() != ChannelType.EMAIL) {
			return this.conversations.latestWith(tenantId, channel.id(), contactOf(message)).orElse(null);
		}
		Optional<Conversation> thread = Optional.empty();
		String token = message.header("replyToken");
		if (token != null) {
			thread = this.conversations.byReplyToken(tenantId, channel.id(), token);
		}
		if (thread.isEmpty()) {
			List<String> ids = new ArrayList<>(message.headerList("references"));
			String inReplyTo = message.header("inReplyTo");
			if (inReplyTo != null) {
				ids.add(inReplyTo);
			}
			thread = this.conversations.byMessageIds(tenantId, channel.id(), ids);
		}
		if (thread.isPresent() && !thread.get().participants().contains(contactOf(message))) {
			log.info("Message {} from {} is not from a participant of conversation {}; opening a new ticket",
					message.id(), message.sender(), thread.get().id());
			return null;
		}
		return thread.orElse(null);
	}

	private UUID requireCustomer(Channel channel, Conversation thread, Message message) {
		if (thread.customerId() != null && thread.contact().equals(contactOf(message))) {
			return thread.customerId();
		}
		return customerFor(channel, message);
	}

	private UUID customerFor(Channel channel, Message message) {
		String contact = contactOf(message);
		String email = switch (channel.type()) {
			case EMAIL -> contact;
			case SMS, WHATSAPP -> Customers.phoneAddress(contact);
			case WIDGET -> Optional.ofNullable(message.header("email")).orElse(Customers.visitorAddress(contact));
		};
		return this.customers.findOrCreate(message.tenantId(), email, message.header("senderName"));
	}

	private void addParticipants(Conversation thread, Message message) {
		List<String> participants = participantsOf(thread.participants(), message);
		if (!participants.equals(thread.participants())) {
			this.conversations.update(new Conversation(thread.id(), thread.tenantId(), thread.channelId(),
					thread.contact(), thread.customerId(), thread.ticketId(), thread.aiConversationId(),
					thread.replyToken(), participants, thread.subject(), thread.email(), thread.mode(),
					thread.createdAt(), thread.updatedAt()));
		}
		else {
			this.conversations.touch(thread.tenantId(), thread.id());
		}
	}

	/** The requester and everyone copied, lower-cased, at most 50. */
	private static List<String> participantsOf(List<String> current, Message message) {
		Set<String> all = new LinkedHashSet<>(current);
		all.add(contactOf(message));
		for (String cc : message.headerList("cc")) {
			all.add(cc.toLowerCase(Locale.ROOT));
		}
		return all.stream().limit(50).toList();
	}

	private static String contactOf(Message message) {
		String sender = (message.sender() != null) ? message.sender() : "unknown";
		return sender.toLowerCase(Locale.ROOT);
	}

	private static String subjectOf(Message message) {
		String subject = message.subject();
		if (subject == null || subject.isBlank()) {
			String body = message.body().strip().replaceAll("\\s+", " ");
			subject = body.isEmpty() ? "Message" : body;
		}
		subject = subject.strip();
		return (subject.length() > SUBJECT_MAX) ? subject.substring(0, SUBJECT_MAX - 1) + "…" : subject;
	}

	static String newReplyToken() {
		byte[] bytes = new byte[10];
		RANDOM.nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

}
