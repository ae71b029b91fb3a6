package com.flowsupport.rag.answer;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a customer's reply to the bot means for the conversation: their problem is solved,
 * they want a person, they are frustrated, or they ask something more. Read from plain
 * phrasings; anything unclear counts as a further question, which never closes a ticket.
 */
public enum CustomerIntent {

	SOLVED, HUMAN, FRUSTRATED, QUESTION;

	private static final List<Pattern> HUMAN_PATTERNS = patterns(
			"\\b(human|humans|person|people|someone|somebody|agent|operator|representative|staff|support team)\\b.{0,30}\\b(please|pls|now)\\b",
			"\\b(talk|speak|chat|connect|transfer|put)\\b.{0,25}\\b(human|person|someone|somebody|agent|operator|representative|staff|support)\\b",
			"\\b(real|actual|live)\\s+(human|person|agent|people)\\b",
			"^\\s*(human|agent|operator|representative)\\s*[.!]*\\s*$", "\\bescalate\\b",
			"\\bnot\\s+a\\s+(bot|robot|machine)\\b");

	private static final List<Pattern> SOLVED_PATTERNS = patterns(
			"\\b(that|this|it)\\s+(solved|fixed|answered|helped|worked|did it|does it|works)\\b",
			"\\b(problem|issue)\\s+(is\\s+)?(solved|fixed|resolved|gone)\\b",
			"\\bworks\\s+(now|again|fine|perfectly)\\b", "\\b(all\\s+)?(sorted|solved|resolved)\\b[^?]*$",
			"^\\s*(thanks|thank you|thx|great|perfect|awesome)[!. ]*(that|it)?\\s*(helped|worked|did it)?[!. ]*$",
			"\\bno\\s+(further|more)\\s+(help|questions)\\b", "\\byou\\s+can\\s+close\\b");

	private static final List<Pattern> FRUSTRATION_PATTERNS = patterns(
			"\\b(useless|ridiculous|terrible|awful|stupid|waste of time|frustrat\\w*|angry|annoy\\w*|unacceptable|rubbish|pointless)\\b",
			"\\b(not|doesn.?t|didn.?t|does not|did not)\\s+(help|helpful|work|answer|solve|fix)\\w*", "!!!",
			"\\bwrong answer\\b", "\\bstill\\s+(not|doesn.?t|broken|failing)\\b");

	private static final Pattern NEGATION = Pattern.compile("\\b(not|n't|never|no longer|still)\\b");

	public static CustomerIntent of(String message) {
		String text = message.toLowerCase(Locale.ROOT).replace('’', '\'').strip();
		if (matches(HUMAN_PATTERNS, text)) {
			return HUMAN;
		}
		if (matches(FRUSTRATION_PATTERNS, text) || shouting(message)) {
			return FRUSTRATED;
		}
		if (matches(SOLVED_PATTERNS, text) && !NEGATION.matcher(text).find() && !text.contains("?")) {
			return SOLVED;
		}
		return QUESTION;
	}

	/** Mostly capitals over a sentence's length reads as shouting. */
	private static boolean shouting(String message) {
		long letters = message.chars().filter(Character::isLetter).count();
		long capitals = message.chars().filter(Character::isUpperCase).count();
		return letters >= 12 && capitals > 0.7 * letters;
	}

	private static boolean matches(List<Pattern> patterns, String text) {
		return patterns.stream().anyMatch((pattern) -> pattern.matcher(text).find());
	}

	private static List<Pattern> patterns(String... regexes) {
		return java.util.Arrays.stream(regexes).map(Pattern::compile).toList();
	}

}
