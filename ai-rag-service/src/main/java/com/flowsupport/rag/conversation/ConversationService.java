package com.flowsupport.rag.conversation;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;

import com.flowsupport.rag.answer.Answer;
import com.flowsupport.rag.answer.AnswerProperties;
import com.flowsupport.rag.answer.AnswerService;
import com.flowsupport.rag.answer.ConversationMemory;
import com.flowsupport.rag.answer.CustomerIntent;
import com.flowsupport.rag.answer.GroundedQuestion.Turn;
import com.flowsupport.rag.insights.Handoffs;
import com.flowsupport.rag.peer.PeerUnavailableException;
import com.flowsupport.rag.peer.Tickets;
import com.flowsupport.shared.events.Uuids;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.Problems;

/**
 * Chat bot conversations. A customer's message is answered with the conversation so far
 * as context; the bot hands over — a ticket with the transcript, for the customer — when
 * asked for a human, when the customer is frustrated, or after two answers in a row it
 * could not give with confidence. Customers reach only their own conversations; services
 * (channel-service) and staff reach the tenant's.
 */
@Service
class ConversationService implements ConversationMemory {

	private static final Logger log = LoggerFactory.getLogger(ConversationService.class);

	/** Abstentions in a row after which the bot hands over by itself. */
	static final int LOW_CONFIDENCE_HANDOFF = 2;

	static final int TRANSCRIPT_MESSAGES = 200;

	static final int SUBJECT_MAX = 120;

	private final ConversationRepository conversations;

	private final AnswerService answers;

	private final AnswerProperties answerProperties;

	private final Tickets tickets;

	private final Handoffs handoffs;

	private final TransactionTemplate transactions;

	private final Clock clock;

	ConversationService(ConversationRepository conversations, AnswerService answers, AnswerProperties answerProperties,
			Tickets tickets, Handoffs handoffs, PlatformTransactionManager transactions, Clock clock) {
		this.conversations = conversations;
		this.answers = answers;
		this.answerProperties = answerProperties;
		this.tickets = tickets;
		this.handoffs = handoffs;
		this.transactions = new TransactionTemplate(transactions);
		this.clock = clock;
	}

	record NewConversation(String channel, @Nullable String audience, @Nullable String locale,
			@Nullable UUID customerId, @Nullable String customerName, @Nullable String customerEmail) {
	}

	Conversation start(NewConversation request) {
		CallerIdentity caller = Tenancy.require();
		UUID tenantId = caller.requireTenantId();
		boolean customer = caller.role() == AppRole.CUSTOMER;
		String audience = customer ? "signed_in" : (request.audience() != null) ? request.audience() : "public";
		UUID customerId = customer ? caller.userId() : request.customerId();
		Instant now = this.clock.instant();
		Conversation conversation = new Conversation(Uuids.timeOrdered(), request.channel(), audience, request.locale(),
				customerId, request.customerName(), request.customerEmail(), Conversation.OPEN, 0, null, null,
				caller.userId(), now, now, 1);
		this.transactions.executeWithoutResult((status) -> this.conversations.insert(tenantId, conversation));
		return conversation;
	}

	record WithMessages(Conversation conversation, List<Message> messages) {
	}

	WithMessages get(UUID id) {
		return Objects.requireNonNull(this.transactions.execute((status) -> {
			Conversation conversation = visible(id, false);
			return new WithMessages(conversation, this.conversations.messages(tenant(), id, TRANSCRIPT_MESSAGES));
		}));
	}

	/**
	 * What came of a customer's message.
	 *
	 * @param answer the bot's answer, or {@code null} when the message handed over before
	 * any answer was attempted
	 * @param handoff set when the conversation went to humans with this message
	 */
	record Reply(Message message, @Nullable Answer answer, @Nullable Message reply, @Nullable Handoff handoff) {
	}

	/**
	 * @param ticketId the ticket opened for humans; {@code null} when the conversation
	 * has no known customer to open it for (the channel opens it instead)
	 */
	record Handoff(@Nullable UUID ticketId, String reason) {
	}

	Reply post(UUID id, String text, @Nullable Consumer<String> tokens) {
		UUID tenantId = tenant();
		Conversation conversation = open(id);
		List<Turn> history = turns(tenantId, id);
		Message message = Objects.requireNonNull(this.transactions.execute(
				(status) -> this.conversations.append(tenantId, id, "customer", text, null, this.clock.instant())));
		CustomerIntent intent = CustomerIntent.of(text);
		if (intent == CustomerIntent.HUMAN || intent == CustomerIntent.FRUSTRATED) {
			Handoff handoff = handOver(conversation,
					(intent == CustomerIntent.HUMAN) ? "customer_asked" : "frustration");
			return new Reply(message, null, null, handoff);
		}
		Answer answer = this.answers.answer(new AnswerService.Question(text, conversation.locale(),
				AnswerService.recent(history, this.answerProperties.historyTurns()), conversation.audience(), true,
				"conversation", id, null), tokens);
		Message said = Objects.requireNonNull(this.transactions.execute((status) -> {
			int streak = answer.abstained() ? conversation.lowConfidenceStreak() + 1 : 0;
			this.conversations.lowConfidence(tenantId, id, streak, this.clock.instant());
			return this.conversations.append(tenantId, id, "assistant", spoken(answer), answer.id(),
					this.clock.instant());
		}));
		Handoff handoff = null;
		if (answer.abstained() && conversation.lowConfidenceStreak() + 1 >= LOW_CONFIDENCE_HANDOFF) {
			handoff = handOver(conversation, "low_confidence");
		}
		return new Reply(message, answer, said, handoff);
	}

	/** What the bot says for an answer: the answer, or that it will find a person. */
	static String spoken(Answer answer) {
		if (!answer.abstained()) {
			return answer.answer();
		}
		return "I'm not sure I can answer that from our help center. Could you rephrase it, "
				+ "or ask for a member of our team?";
	}

	Handoff handOverOnRequest(UUID id, @Nullable String reason) {
		Conversation conversation = Objects.requireNonNull(this.transactions.execute((status) -> visible(id, false)));
		if (!conversation.open()) {
			return new Handoff(conversation.ticketId(), Objects.requireNonNullElse(conversation.handoffReason(), ""));
		}
		return handOver(conversation, (reason != null) ? reason : "requested");
	}

	/**
	 * Opens a ticket for the customer with the transcript (once, whatever is retried: the
	 * conversation's id is the idempotency key), then marks the conversation handed over.
	 */
	private Handoff handOver(Conversation conversation, String reason) {
		UUID tenantId = tenant();
		List<Message> transcript = Objects.requireNonNull(this.transactions
			.execute((status) -> this.conversations.messages(tenantId, conversation.id(), TRANSCRIPT_MESSAGES)));
		UUID ticketId = null;
		if (conversation.customerId() != null) {
			try {
				ticketId = this.tickets.create(
						new Tickets.NewTicket(subject(transcript), transcript(conversation, transcript, reason),
								conversation.customerId(), conversation.channel(), List.of("ai_handover")),
						"ai-handoff-" + conversation.id());
			}
			catch (PeerUnavailableException ex) {
				// The conversation must not be lost with the ticket: it stays open, the
				// customer is told, and asking again retries.
				throw Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "handoff-unavailable", "Handoff unavailable",
						"No ticket could be opened right now; try again in a moment.");
			}
		}
		UUID opened = ticketId;
		this.transactions.executeWithoutResult((status) -> {
			this.conversations.handedOver(tenantId, conversation.id(), opened, reason, this.clock.instant());
			this.conversations.append(tenantId, conversation.id(), "system",
					"Handed over to a human (" + reason + ")" + ((opened != null) ? ", ticket " + opened : ""), null,
					this.clock.instant());
			this.handoffs.record(opened, conversation.id(), reason);
		});
		log.debug("Conversation {} handed over: {}", conversation.id(), reason);
		return new Handoff(opened, reason);
	}

	private static String subject(List<Message> transcript) {
		String first = transcript.stream()
			.filter((m) -> m.role().equals("customer"))
			.map(Message::body)
			.findFirst()
			.orElse("Chat with the AI assistant")
			.strip()
			.replaceAll("\\s+", " ");
		return (first.length() > SUBJECT_MAX) ? first.substring(0, SUBJECT_MAX - 1) + "…" : first;
	}

	static String transcript(Conversation conversation, List<Message> messages, String reason) {
		StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
				"Handed over by the AI assistant (%s). Transcript of the %s conversation started %s:%n", reason,
				conversation.channel(), conversation.createdAt()));
		for (Message message : messages) {
			if (!message.role().equals("system")) {
				text.append('\n')
					.append(message.role().equals("customer") ? "Customer: " : "Assistant: ")
					.append(message.body().strip())
					.append('\n');
			}
		}
		return text.toString();
	}

	@Override
	public Optional<List<Turn>> turns(UUID conversationId) {
		UUID tenantId = tenant();
		return Objects.requireNonNull(this.transactions.execute((status) -> {
			Conversation conversation;
			try {
				conversation = visible(conversationId, false);
			}
			catch (ErrorResponseException ex) {
				return Optional.<List<Turn>>empty();
			}
			if (!conversation.open()) {
				throw closed(conversation);
			}
			return Optional.of(turns(tenantId, conversationId));
		}));
	}

	/**
	 * The caller's conversation, while the bot still answers in it: a 404 problem when
	 * the caller has no such one, a 409 when it went to a human.
	 */
	Conversation open(UUID id) {
		Conversation conversation = Objects.requireNonNull(this.transactions.execute((status) -> visible(id, false)));
		if (!conversation.open()) {
			throw closed(conversation);
		}
		return conversation;
	}

	private static ErrorResponseException closed(Conversation conversation) {
		return Problems.of(HttpStatus.CONFLICT, "conversation-closed", "Conversation handed over",
				"This conversation went to a human (ticket " + conversation.ticketId() + "); write there instead.");
	}

	@Override
	public void remember(UUID conversationId, String question, Answer answer) {
		UUID tenantId = tenant();
		this.transactions.executeWithoutResult((status) -> {
			this.conversations.append(tenantId, conversationId, "customer", question, null, this.clock.instant());
			this.conversations.append(tenantId, conversationId, "assistant", spoken(answer), answer.id(),
					this.clock.instant());
		});
	}

	private List<Turn> turns(UUID tenantId, UUID conversationId) {
		return Objects
			.requireNonNull(this.transactions
				.execute((status) -> this.conversations.messages(tenantId, conversationId, TRANSCRIPT_MESSAGES)))
			.stream()
			.filter((m) -> !m.role().equals("system"))
			.map((m) -> new Turn(m.role(), m.body()))
			.toList();
	}

	/** The conversation if the caller may reach it; 404 otherwise. */
	private Conversation visible(UUID id, boolean lock) {
		CallerIdentity caller = Tenancy.require();
		Conversation conversation = this.conversations.find(caller.requireTenantId(), id, lock)
			.orElseThrow(() -> Problems.notFound("Conversation"));
		// Customers read their own. A bot conversation belongs to no group: an agent who
		// sees only their groups' tickets reads another's in the ticket it was handed
		// over
		// to, if that is theirs.
		boolean ownOnly = caller.role() == AppRole.CUSTOMER || caller.restrictedToGroups();
		if (ownOnly && !Objects.equals(conversation.startedBy(), caller.userId())) {
			throw Problems.notFound("Conversation");
		}
		return conversation;
	}

	private static UUID tenant() {
		return Tenancy.require().requireTenantId();
	}

}
