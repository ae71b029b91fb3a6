package com.flowsupport.rag.autoresponder;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.flowsupport.rag.answer.Answer;
import com.flowsupport.rag.answer.AnswerService;
import com.flowsupport.rag.answer.CustomerIntent;
import com.flowsupport.rag.answer.GroundedQuestion.Turn;
import com.flowsupport.rag.insights.Handoffs;
import com.flowsupport.rag.peer.Tickets;
import com.flowsupport.rag.settings.AiSettings;
import com.flowsupport.rag.settings.AiSettingsService;

/**
 * Does one job of the autoresponder, as this service for the job's tenant. A new ticket
 * is answered in the tenant's mode: {@code auto} posts a public cited reply as the AI
 * agent and sets the ticket pending; {@code suggest} leaves agents an internal note; a
 * question the knowledge base does not answer gets no reply and goes to humans. A
 * customer's reply to the bot either closes the loop ("that solved it": solved by AI) or
 * hands over; a further question is answered while the tenant's reply budget per ticket
 * lasts. Each write to ticket-service carries the job's id as its idempotency key, so a
 * job done twice (a worker died between the write and the record) writes once.
 */
@Service
class Autoresponder {

	private static final Logger log = LoggerFactory.getLogger(Autoresponder.class);

	static final String HANDOVER_TAG = "ai_handover";

	static final String ANSWERED_TAG = "ai_answered";

	static final String RESOLVED_TAG = "ai_resolved";

	/** The most of a ticket's text read as the question. */
	static final int QUESTION_MAX = 2_000;

	private final AnswerService answers;

	private final AiSettingsService settings;

	private final Tickets tickets;

	private final TicketStates states;

	private final Handoffs handoffs;

	private final TransactionTemplate transactions;

	private final Clock clock;

	Autoresponder(AnswerService answers, AiSettingsService settings, Tickets tickets, TicketStates states,
			Handoffs handoffs, PlatformTransactionManager transactions, Clock clock) {
		this.answers = answers;
		this.settings = settings;
		this.tickets = tickets;
		this.states = states;
		this.handoffs = handoffs;
		this.transactions = new TransactionTemplate(transactions);
		this.clock = clock;
	}

	/**
	 * @return the outcome, recorded with the job
	 */
	String run(AutoresponderJobs.Job job) {
		return switch (job.kind()) {
			case "ticket" -> newTicket(job);
			case "comment" -> customerReplied(job);
			default -> throw new IllegalStateException("Unknown job kind " + job.kind());
		};
	}

	private String newTicket(AutoresponderJobs.Job job) {
		AiSettings settings = this.settings.current();
		if (settings.mode().equals(AiSettings.OFF)) {
			return "off";
		}
		JsonNode ticket = job.payload();
		String question = question(ticket.path("subject").asString(""), ticket.path("description").asString(""));
		Answer answer = this.answers.answer(new AnswerService.Question(question, null, List.of(), "signed_in", true,
				"autoresponder", null, job.ticketId()));
		if (answer.abstained()) {
			handOver(job, settings, "abstained:" + answer.reason(), false);
			return "handed_over";
		}
		if (settings.mode().equals(AiSettings.SUGGEST)) {
			this.tickets.comment(job.ticketId(), new Tickets.NewComment(Replies.suggestion(answer), false,
					settings.agentUserId(), "agent", null, null), "ai-note-" + job.id());
			inTransaction(
					() -> this.states.stop(job.tenantId(), job.ticketId(), "suggested", false, this.clock.instant()));
			return "suggested";
		}
		return reply(job, settings, answer);
	}

	private String reply(AutoresponderJobs.Job job, AiSettings settings, Answer answer) {
		this.tickets.comment(job.ticketId(), new Tickets.NewComment(Replies.publicReply(answer), true,
				settings.agentUserId(), "agent", "pending", null), "ai-reply-" + job.id());
		inTransaction(() -> this.states.replied(job.tenantId(), job.ticketId(), answer.id(), this.clock.instant()));
		try {
			this.tickets.update(job.ticketId(), Map.of("addTags", List.of(ANSWERED_TAG)));
		}
		catch (RuntimeException ex) {
			// The reply is out; a missing tag only costs reporting.
			log.warn("Could not tag ticket {} as answered by AI: {}", job.ticketId(), ex.getMessage());
		}
		return "replied";
	}

	private String customerReplied(AutoresponderJobs.Job job) {
		TicketStates.State state = this.transactions
			.execute((status) -> this.states.find(job.tenantId(), job.ticketId()).orElse(null));
		if (state == null || !state.active() || !state.awaitingCustomer()) {
			return "not_engaged";
		}
		AiSettings settings = this.settings.current();
		String body = job.payload().path("body").asString("");
		CustomerIntent intent = CustomerIntent.of(body);
		switch (intent) {
			case SOLVED -> {
				this.tickets.update(job.ticketId(), Map.of("status", "solved", "addTags", List.of(RESOLVED_TAG)));
				inTransaction(
						() -> this.states.stop(job.tenantId(), job.ticketId(), "resolved", true, this.clock.instant()));
				return "resolved";
			}
			case HUMAN, FRUSTRATED -> {
				handOver(job, settings, (intent == CustomerIntent.HUMAN) ? "customer_asked" : "frustration", true);
				return "handed_over";
			}
			default -> {
				if (settings.mode().equals(AiSettings.AUTO) && state.replies() < settings.maxRepliesPerTicket()) {
					Answer answer = this.answers.answer(
							new AnswerService.Question(question(body, ""), null, List.of(new Turn("customer", body)),
									"signed_in", true, "autoresponder", null, job.ticketId()));
					if (!answer.abstained()) {
						return reply(job, settings, answer);
					}
				}
				handOver(job, settings, "follow_up", true);
				return "handed_over";
			}
		}
	}

	/**
	 * Steps back: the ticket is tagged, put in the tenant's handover group (where
	 * ticket-service's routing assigns it) and left to humans.
	 */
	private void handOver(AutoresponderJobs.Job job, AiSettings settings, String reason, boolean reopen) {
		Map<String, Object> changes = new LinkedHashMap<>();
		changes.put("addTags", new ArrayList<>(List.of(HANDOVER_TAG)));
		if (settings.handoverGroupId() != null) {
			changes.put("groupId", settings.handoverGroupId());
		}
		if (reopen) {
			changes.put("status", "open");
		}
		this.tickets.update(job.ticketId(), changes);
		inTransaction(() -> {
			this.states.stop(job.tenantId(), job.ticketId(), "handover", false, this.clock.instant());
			this.handoffs.record(job.ticketId(), null, reason);
		});
	}

	private static String question(String subject, String description) {
		String text = (subject.strip() + "\n" + description.strip()).strip();
		return (text.length() > QUESTION_MAX) ? text.substring(0, QUESTION_MAX) : text;
	}

	private void inTransaction(Runnable work) {
		this.transactions.executeWithoutResult((status) -> work.run());
	}

}
