package com.flowsupport.channel.widget;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;

import com.flowsupport.channel.channel.Channel;
import com.flowsupport.channel.channel.Channels;
import com.flowsupport.channel.conversation.Conversation;
import com.flowsupport.channel.conversation.ConversationRepository;
import com.flowsupport.channel.conversation.Inbound;
import com.flowsupport.channel.conversation.InboundMessages;
import com.flowsupport.channel.conversation.Message;
import com.flowsupport.channel.conversation.MessageRepository;
import com.flowsupport.channel.directory.Assistant;
import com.flowsupport.channel.directory.Customers;
import com.flowsupport.channel.directory.PeerUnavailableException;
import com.flowsupport.channel.directory.Tickets;
import com.flowsupport.channel.email.WebhookSignatures;
import com.flowsupport.shared.events.Uuids;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.Problems;

/**
 * The widget's visitors: sessions (an anonymous token the browser keeps, or a user the
 * tenant vouches for with an HMAC of its id), their conversation's history, messages to
 * the bot (answered on a virtual thread, streamed token by token to the live channel) or,
 * once handed over, to the ticket.
 */
@Service
class WidgetService {

	private static final Logger log = LoggerFactory.getLogger(WidgetService.class);

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final int HISTORY = 100;

	private final WidgetSessionRepository sessions;

	private final ConversationRepository conversations;

	private final MessageRepository messages;

	private final InboundMessages inbound;

	private final Assistant assistant;

	private final Customers customers;

	private final Tickets tickets;

	private final LiveHub live;

	private final Clock clock;

	private final TransactionTemplate transactions;

	WidgetService(WidgetSessionRepository sessions, ConversationRepository conversations, MessageRepository messages,
			InboundMessages inbound, Assistant assistant, Customers customers, Tickets tickets, LiveHub live,
			Clock clock, PlatformTransactionManager transactions) {
		this.sessions = sessions;
		this.conversations = conversations;
		this.messages = messages;
		this.inbound = inbound;
		this.assistant = assistant;
		this.customers = customers;
		this.tickets = tickets;
		this.live = live;
		this.clock = clock;
		this.transactions = new TransactionTemplate(transactions);
	}

	record Visitor(Channel channel, WidgetSessionRepository.Session session, Conversation conversation) {
	}

	record Started(String token, Visitor visitor, List<WidgetMessage> history) {
	}

	/** Who the page says the visitor is; {@code userHash} vouches for {@code userId}. */
	record Identity(@Nullable String name, @Nullable String email, @Nullable String userId, @Nullable String userHash) {
	}

	/**
	 * Resumes the session {@code token} names, or starts one.
	 */
	Started start(Channel channel, @Nullable String token, Identity identity) {
		String verifiedUser = verifiedUser(channel, identity);
		return as(channel, () -> {
			if (token != null) {
				Optional<Visitor> resumed = find(channel, token);
				if (resumed.isPresent()
						&& (verifiedUser == null || verifiedUser.equals(resumed.get().session().externalUserId()))) {
					Visitor visitor = resumed.get();
					this.sessions.identify(channel.tenantId(), visitor.session().id(), identity.name(),
							identity.email());
					return new Started(token, visitor, history(visitor));
				}
			}
			String newToken = newToken();
			Instant now = this.clock.instant();
			String contact = (verifiedUser != null) ? "user:" + verifiedUser : "visitor:" + Uuids.timeOrdered();
			Conversation conversation = (verifiedUser != null)
					? this.conversations.latestWith(channel.tenantId(), channel.id(), contact).orElse(null) : null;
			if (conversation == null) {
				conversation = new Conversation(Uuids.timeOrdered(), channel.tenantId(), channel.id(), contact, null,
						null, null, replyToken(), List.of(), null, identity.email(),
						channel.botEnabled() ? Conversation.BOT : Conversation.TICKET, now, now);
				this.conversations.insert(conversation);
			}
			WidgetSessionRepository.Session session = new WidgetSessionRepository.Session(Uuids.timeOrdered(),
					channel.tenantId(), channel.id(), conversation.id(), verifiedUser, identity.name(),
					identity.email());
			this.sessions.insert(session, hash(newToken));
			Visitor visitor = new Visitor(channel, session, conversation);
			return new Started(newToken, visitor, history(visitor));
		});
	}

	/** The visitor whose token this is; 401 otherwise. */
	Visitor authenticate(Channel channel, @Nullable String token) {
		if (token == null || token.isBlank() || token.length() > 100) {
			throw unauthorized();
		}
		return as(channel, () -> find(channel, token)).orElseThrow(WidgetService::unauthorized);
	}

	List<WidgetMessage> history(Visitor visitor) {
		return as(visitor.channel(),
				() -> this.messages.ofConversation(visitor.channel().tenantId(), visitor.conversation().id(), HISTORY)
					.stream()
					.map(WidgetMessage::of)
					.toList());
	}

	/** Takes the visitor's message: to the ticket once handed over, else to the bot. */
	WidgetMessage post(Visitor visitor, String body) {
		Channel channel = visitor.channel();
		Conversation conversation = current(visitor);
		if (Conversation.TICKET.equals(conversation.mode())) {
			Map<String, Object> headers = new LinkedHashMap<>();
			put(headers, "email", visitor.session().email());
			put(headers, "senderName", visitor.session().name());
			Message stored = Tenancy
				.callAs(service(channel),
						() -> this.inbound
							.receive(channel,
									new Inbound(null, conversation.contact(), visitor.session().name(), null, null,
											body, List.of(), headers, null, conversation.id())))
				.orElseThrow();
			return WidgetMessage.of(stored);
		}
		Message question = store(channel, conversation, Message.IN, "customer", body, Map.of(), "processed");
		Thread.ofVirtual()
			.name("widget-bot")
			.start(() -> Tenancy.runAs(service(channel), () -> answer(visitor, question)));
		return WidgetMessage.of(question);
	}

	void typing(Visitor visitor) {
		this.live.publish(visitor.channel().tenantId(), visitor.conversation().id(), "typing",
				Map.of("author", "customer"));
	}

	/** Hands the conversation to a human: a ticket with the transcript so far. */
	Map<String, Object> handoff(Visitor visitor, @Nullable String email) {
		return handoff(visitor, email, true);
	}

	private Map<String, Object> handoff(Visitor visitor, @Nullable String email, boolean tellBot) {
		Channel channel = visitor.channel();
		Conversation conversation = current(visitor);
		if (Conversation.TICKET.equals(conversation.mode()) && conversation.ticketId() != null) {
			return Map.of("ticketId", conversation.ticketId());
		}
		if (tellBot && conversation.aiConversationId() != null) {
			try {
				this.assistant.handOver(channel.tenantId(), conversation.aiConversationId(), "customer_asked");
			}
			catch (PeerUnavailableException ex) {
				log.info("The bot was not told of the handoff of {}: {}", conversation.id(), ex.getMessage());
			}
		}
		String address = (email != null) ? email : visitor.session().email();
		String name = visitor.session().name();
		try {
			UUID customer = this.customers.findOrCreate(channel.tenantId(),
					(address != null) ? address : Customers.visitorAddress(conversation.contact()), name);
			// An address given in the widget proves nothing: identity verification signs
			// the user id, not the email. The agents are told before they trust the
			// account it names.
			String transcript = transcript(visitor, address);
			Tickets.TicketRef ticket = this.tickets.open(channel.tenantId(),
					new Tickets.NewTicket("Chat with " + ((name != null) ? name : "a website visitor"), transcript,
							customer, "chat", List.of()),
					"widget-handoff-" + conversation.id());
			return as(channel, () -> {
				Conversation handed = new Conversation(conversation.id(), conversation.tenantId(),
						conversation.channelId(), conversation.contact(), customer, ticket.id(),
						conversation.aiConversationId(), conversation.replyToken(), conversation.participants(),
						"Chat #" + ticket.number(), (address != null) ? address : conversation.email(),
						Conversation.TICKET, conversation.createdAt(), this.clock.instant());
				this.conversations.update(handed);
				if (email != null) {
					this.sessions.identify(channel.tenantId(), visitor.session().id(), null, email);
				}
				Message notice = store(channel, handed, Message.OUT, "system",
						"You're now talking to our team (ticket #" + ticket.number() + "). An agent will reply here"
								+ ((address != null) ? " or by email." : "."),
						Map.of(), "sent");
				Map<String, Object> event = Map.of("ticketId", ticket.id(), "ticketNumber", ticket.number());
				this.live.publish(channel.tenantId(), handed.id(), "ticket", event);
				this.live.publish(channel.tenantId(), handed.id(), "message", WidgetMessage.of(notice));
				return event;
			});
		}
		catch (PeerUnavailableException ex) {
			log.warn("Handoff of conversation {} failed: {}", conversation.id(), ex.getMessage());
			throw Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "handoff-unavailable", "Handoff unavailable",
					"No ticket could be opened just now; please try again in a moment.");
		}
	}

	private void answer(Visitor visitor, Message question) {
		Channel channel = visitor.channel();
		UUID tenantId = channel.tenantId();
		UUID conversationId = visitor.conversation().id();
		this.live.publish(tenantId, conversationId, "typing", Map.of("author", "bot"));
		try {
			Conversation conversation = current(visitor);
			String aiConversation = conversation.aiConversationId();
			if (aiConversation == null) {
				String started = this.assistant.start(tenantId, "chat");
				aiConversation = started;
				as(channel, () -> {
					this.conversations.update(new Conversation(conversation.id(), tenantId, conversation.channelId(),
							conversation.contact(), conversation.customerId(), conversation.ticketId(), started,
							conversation.replyToken(), conversation.participants(), conversation.subject(),
							conversation.email(), conversation.mode(), conversation.createdAt(), this.clock.instant()));
					return null;
				});
			}
			Assistant.Answer answer = this.assistant.ask(tenantId, aiConversation, question.body(), (token) -> this.live
				.publish(tenantId, conversationId, "token", Map.of("replyTo", question.id(), "text", token)));
			if (answer.handoff()) {
				// The bot gave the conversation to humans (the visitor asked for one, or
				// it kept
				// failing): the ticket is opened here.
				handoff(visitor, null, false);
				return;
			}
			List<Map<String, Object>> citations = answer.citations().stream().map(WidgetService::citation).toList();
			String text = answer.abstained() ? "I'm not sure I can answer that from our help center. "
					+ "Could you rephrase it, or talk to a human?" : answer.text();
			Message reply = as(channel,
					() -> store(
							channel, current(visitor), Message.OUT, "bot", text, Map.of("citations", citations,
									"replyTo", question.id().toString(), "suggestHandoff", answer.abstained()),
							"sent"));
			this.live.publish(tenantId, conversationId, "message", WidgetMessage.of(reply));
		}
		catch (RuntimeException ex) {
			log.warn("The bot did not answer in conversation {}: {}", conversationId, ex.toString());
			Message notice = as(channel,
					() -> store(channel, current(visitor), Message.OUT, "system",
							"The assistant is unavailable right now. You can talk to a human instead.",
							Map.of("suggestHandoff", true), "sent"));
			this.live.publish(tenantId, conversationId, "message", WidgetMessage.of(notice));
		}
	}

	private static Map<String, Object> citation(Assistant.Citation citation) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("title", citation.title());
		put(view, "url", citation.url());
		put(view, "articleId", citation.articleId());
		put(view, "quote", citation.quote());
		return view;
	}

	private String transcript(Visitor visitor, @Nullable String unverifiedEmail) {
		StringBuilder text = new StringBuilder();
		if (unverifiedEmail != null) {
			text.append("Unverified email: the visitor typed ")
				.append(unverifiedEmail)
				.append(" in the chat widget, which does not prove that they own it. Check who you are talking to"
						+ " before sharing anything about that account.\n\n");
		}
		text.append("Conversation from the chat widget:\n");
		for (WidgetMessage message : history(visitor)) {
			String who = switch (message.author()) {
				case "customer" -> "Visitor";
				case "bot" -> "Bot";
				case "agent" -> "Agent";
				default -> "System";
			};
			text.append('\n').append(who).append(": ").append(message.body());
		}
		String result = text.toString();
		return (result.length() > 60_000) ? result.substring(result.length() - 60_000) : result;
	}

	private Message store(Channel channel, Conversation conversation, String direction, String author, String body,
			Map<String, Object> headers, String status) {
		return Tenancy.callAs(service(channel), () -> this.transactions.execute((tx) -> {
			Instant now = this.clock.instant();
			Message message = new Message(Uuids.timeOrdered(), channel.tenantId(), channel.id(), conversation.id(),
					direction, null, author, null, null, null, body, List.of(), headers, status, null, 0, null,
					conversation.ticketId(), null, now, now);
			this.messages.insert(message);
			this.conversations.touch(channel.tenantId(), conversation.id());
			return message;
		}));
	}

	private Conversation current(Visitor visitor) {
		return as(visitor.channel(),
				() -> this.conversations.find(visitor.channel().tenantId(), visitor.conversation().id()).orElseThrow());
	}

	private Optional<Visitor> find(Channel channel, String token) {
		return this.sessions.byToken(channel.tenantId(), channel.id(), hash(token))
			.flatMap((session) -> this.conversations.find(channel.tenantId(), session.conversationId())
				.map((conversation) -> new Visitor(channel, session, conversation)));
	}

	/** The user id the page vouched for, or null for an anonymous visitor. */
	private @Nullable String verifiedUser(Channel channel, Identity identity) {
		boolean required = channel.flag("identityVerification");
		if (identity.userId() == null && identity.userHash() == null) {
			if (required) {
				throw Problems.of(HttpStatus.FORBIDDEN, "identity-required", "Identity required",
						"This widget serves verified users only: send userId and userHash.");
			}
			return null;
		}
		String userId = identity.userId();
		String given = identity.userHash();
		boolean valid = userId != null && given != null && given.length() == 64
				&& channel.verifying("identitySecret", this.clock.instant())
					.stream()
					.anyMatch(
							(secret) -> MessageDigest.isEqual(
									HexFormat.of()
										.formatHex(WebhookSignatures.hmacSha256(secret,
												userId.getBytes(StandardCharsets.UTF_8)))
										.getBytes(StandardCharsets.US_ASCII),
									given.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII)));
		if (!valid) {
			throw Problems.of(HttpStatus.FORBIDDEN, "identity-mismatch", "Identity not verified",
					"userHash is not the HMAC-SHA256 of userId under this widget's identity secret.");
		}
		return userId;
	}

	private <T> T as(Channel channel, Supplier<T> work) {
		return Tenancy.callAs(service(channel), () -> this.transactions.execute((tx) -> work.get()));
	}

	private static CallerIdentity service(Channel channel) {
		return CallerIdentity.service(channel.tenantId(), Channels.SERVICE_NAME);
	}

	private static void put(Map<String, Object> map, String key, @Nullable Object value) {
		if (value != null) {
			map.put(key, value);
		}
	}

	private static String newToken() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static String replyToken() {
		byte[] bytes = new byte[10];
		RANDOM.nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

	static byte[] hash(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static ErrorResponseException unauthorized() {
		return Problems.of(HttpStatus.UNAUTHORIZED, "widget-session", "Unknown session",
				"Start a widget session first.");
	}

}
