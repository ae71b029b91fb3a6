package com.flowsupport.rag.assist;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.client.HttpClientErrorException;

import com.flowsupport.rag.answer.Answer;
import com.flowsupport.rag.answer.AnswerService;
import com.flowsupport.rag.answer.GroundedQuestion.Turn;
import com.flowsupport.rag.peer.KnowledgeBase;
import com.flowsupport.rag.peer.Tickets;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.Problems;

/**
 * Helps an agent with a ticket they can open: everything is read from ticket-service and
 * kb-service with the agent's own token, so the agent's rights apply.
 */
@Service
class AssistService {

	static final int SUMMARY_SENTENCE_MAX = 280;

	static final int QUESTION_MAX = 2_000;

	static final int RELATED_MAX = 5;

	private final Tickets tickets;

	private final KnowledgeBase kb;

	private final AnswerService answers;

	AssistService(Tickets tickets, KnowledgeBase kb, AnswerService answers) {
		this.tickets = tickets;
		this.kb = kb;
		this.answers = answers;
	}

	/**
	 * @param asked what the customer asked first
	 * @param latestFromCustomer their newest public message, if they wrote after opening
	 * @param latestReply the newest public reply of staff or the bot
	 * @param internalNotes how many internal notes agents left
	 */
	record Summary(UUID ticketId, String status, String asked, @Nullable String latestFromCustomer,
			@Nullable String latestReply, int customerMessages, int replies, int internalNotes, String text) {
	}

	Summary summarise(UUID ticketId) {
		Tickets.Ticket ticket = ticket(ticketId);
		List<Tickets.Comment> thread = this.tickets.thread(ticketId, false);
		String asked = firstSentences(ticket.subject() + ". " + ticket.description());
		String latestFromCustomer = null;
		String latestReply = null;
		int customer = 0;
		int replies = 0;
		int notes = 0;
		for (Tickets.Comment comment : thread) {
			if (!comment.isPublic()) {
				notes++;
			}
			else if (comment.authorRole().equals("customer")) {
				customer++;
				latestFromCustomer = firstSentences(comment.body());
			}
			else {
				replies++;
				latestReply = firstSentences(comment.body());
			}
		}
		StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "Ticket #%d (%s). The customer asked: %s",
				ticket.number(), ticket.status(), asked));
		if (latestFromCustomer != null && customer > 1) {
			text.append("\nLatest from the customer: ").append(latestFromCustomer);
		}
		if (latestReply != null) {
			text.append("\nLatest reply: ").append(latestReply);
		}
		text.append(String.format(Locale.ROOT, "%n%d customer message(s), %d repl(ies), %d internal note(s).", customer,
				replies, notes));
		return new Summary(ticketId, ticket.status(), asked, latestFromCustomer, latestReply, customer, replies, notes,
				text.toString());
	}

	record DraftReply(UUID ticketId, String draft, Answer answer) {
	}

	/**
	 * A reply for the agent to edit and send, grounded in what the customer may read, to
	 * the customer's newest message (or the ticket itself).
	 */
	DraftReply draftReply(UUID ticketId) {
		Tickets.Ticket ticket = ticket(ticketId);
		List<Tickets.Comment> thread = this.tickets.thread(ticketId, false);
		List<Turn> history = new ArrayList<>();
		history.add(new Turn("customer", ticket.subject() + "\n" + ticket.description()));
		String question = ticket.subject() + "\n" + ticket.description();
		for (Tickets.Comment comment : thread) {
			if (comment.isPublic()) {
				boolean byCustomer = comment.authorRole().equals("customer");
				history.add(new Turn(byCustomer ? "customer" : "assistant", comment.body()));
				if (byCustomer) {
					question = comment.body();
				}
			}
		}
		question = (question.length() > QUESTION_MAX) ? question.substring(0, QUESTION_MAX) : question;
		Answer answer = this.answers.answer(new AnswerService.Question(question, null,
				AnswerService.recent(history.subList(0, history.size() - 1), 6), "signed_in", false, "assist", null,
				ticketId));
		String draft = answer.abstained() ? "" : answer.answer();
		return new DraftReply(ticketId, draft, answer);
	}

	List<KnowledgeBase.RelatedArticle> relatedArticles(UUID ticketId) {
		Tickets.Ticket ticket = ticket(ticketId);
		return this.kb.related(ticket.subject() + "\n" + ticket.description(), null, RELATED_MAX);
	}

	/**
	 * A knowledge-base draft from a solved ticket: the problem as the customer put it,
	 * the solution as staff replied, for an editor to review before publishing.
	 */
	KnowledgeBase.DraftArticle draftArticle(UUID ticketId, @Nullable String locale) {
		Tickets.Ticket ticket = ticket(ticketId);
		if (!ticket.status().equals("solved") && !ticket.status().equals("closed")) {
			throw Problems.of(HttpStatus.CONFLICT, "ticket-not-solved", "Ticket not solved",
					"An article is drafted from a solved ticket; this one is " + ticket.status() + ".");
		}
		List<String> solution = this.tickets.thread(ticketId, false)
			.stream()
			.filter((comment) -> comment.isPublic() && !comment.authorRole().equals("customer"))
			.map((comment) -> comment.body().strip())
			.toList();
		if (solution.isEmpty()) {
			throw Problems.of(HttpStatus.CONFLICT, "ticket-without-reply", "No reply to draft from",
					"The ticket has no public reply that could become an article.");
		}
		StringBuilder body = new StringBuilder("## Problem\n\n").append(ticket.description().strip())
			.append("\n\n## Solution\n\n");
		solution.forEach((reply) -> body.append(reply).append("\n\n"));
		body.append("_Drafted from ticket #").append(ticket.number()).append("._\n");
		return this.kb.createDraft(ticket.subject(), body.toString(), (locale != null) ? locale : "en",
				List.of("from-ticket"));
	}

	private Tickets.Ticket ticket(UUID ticketId) {
		Tenancy.requireRole(AppRole.AGENT, AppRole.ADMIN, AppRole.SUPER_ADMIN);
		try {
			return this.tickets.get(ticketId, false).orElseThrow(() -> Problems.notFound("Ticket"));
		}
		catch (HttpClientErrorException.Forbidden ex) {
			throw Problems.notFound("Ticket");
		}
	}

	/** The first sentence or two of a text, at most {@link #SUMMARY_SENTENCE_MAX}. */
	static String firstSentences(String text) {
		String flat = text.strip().replaceAll("\\s+", " ");
		int end = -1;
		int sentences = 0;
		for (int i = 0; i < flat.length() && sentences < 2; i++) {
			char c = flat.charAt(i);
			if ((c == '.' || c == '?' || c == '!') && (i + 1 == flat.length() || flat.charAt(i + 1) == ' ')) {
				end = i + 1;
				sentences++;
			}
		}
		String cut = (end > 0) ? flat.substring(0, end) : flat;
		return (cut.length() > SUMMARY_SENTENCE_MAX) ? cut.substring(0, SUMMARY_SENTENCE_MAX - 1) + "…" : cut;
	}

}
