package com.flowsupport.rag.autoresponder;

import java.util.Locale;

import com.flowsupport.rag.answer.Answer;
import com.flowsupport.rag.answer.Citation;

/** How the bot's answers read on a ticket. */
final class Replies {

	private Replies() {
	}

	/** A public reply: the answer, its sources, and how to go on. */
	static String publicReply(Answer answer) {
		StringBuilder reply = new StringBuilder(answer.answer().strip()).append("\n\n");
		reply.append(answer.citations().size() == 1 ? "Source:" : "Sources:");
		for (Citation citation : answer.citations()) {
			reply.append("\n- [").append(escape(citation.title())).append("](").append(citation.url()).append(')');
		}
		reply.append("\n\nIf this solves it, reply \"that solved it\". ")
			.append("If not, just reply and a member of our team will take over.");
		return reply.toString();
	}

	/**
	 * An internal note for agents: the draft, how sure the bot is, and what it rests on.
	 */
	static String suggestion(Answer answer) {
		StringBuilder note = new StringBuilder(String.format(Locale.ROOT,
				"AI suggested reply (confidence %.2f, not sent to the customer):%n%n", answer.confidence()));
		note.append(answer.answer().strip()).append("\n\nCitations:");
		for (Citation citation : answer.citations()) {
			note.append("\n- [").append(escape(citation.title())).append("](").append(citation.url()).append(')');
			if (!citation.quote().isBlank()) {
				note.append("\n  > ").append(citation.quote().replace("\n", " "));
			}
		}
		return note.toString();
	}

	private static String escape(String title) {
		return title.replace("[", "\\[").replace("]", "\\]");
	}

}
