package com.flowsupport.ticket.search;

import java.util.ArrayList;
import java.util.List;

/**
 * What to find: field conditions, all of which must hold, and free text. Built by the
 * search query parser, the list endpoint's parameters and saved views alike.
 */
public final class TicketFilter {

	/** A comparison of a ticket field; {@code negated} for {@code -field:value}. */
	public record Condition(String field, Operator operator, String value, boolean negated) {
	}

	public enum Operator {

		IS, LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL;

		static Operator of(String symbol) {
			return switch (symbol) {
				case ":", "=" -> IS;
				case "<" -> LESS;
				case "<=" -> LESS_OR_EQUAL;
				case ">" -> GREATER;
				case ">=" -> GREATER_OR_EQUAL;
				default -> throw new IllegalArgumentException(symbol);
			};
		}

	}

	private final List<Condition> conditions = new ArrayList<>();

	private final List<String> words = new ArrayList<>();

	private final List<String> phrases = new ArrayList<>();

	private final List<String> excludedWords = new ArrayList<>();

	public TicketFilter where(String field, Operator operator, String value, boolean negated) {
		this.conditions.add(new Condition(field, operator, value, negated));
		return this;
	}

	public TicketFilter where(String field, String value) {
		return where(field, Operator.IS, value, false);
	}

	public TicketFilter word(String word) {
		this.words.add(word);
		return this;
	}

	public TicketFilter phrase(String phrase) {
		this.phrases.add(phrase);
		return this;
	}

	public TicketFilter exclude(String word) {
		this.excludedWords.add(word);
		return this;
	}

	public List<Condition> conditions() {
		return List.copyOf(this.conditions);
	}

	public List<String> words() {
		return List.copyOf(this.words);
	}

	public List<String> phrases() {
		return List.copyOf(this.phrases);
	}

	public List<String> excludedWords() {
		return List.copyOf(this.excludedWords);
	}

	public boolean hasText() {
		return !this.words.isEmpty() || !this.phrases.isEmpty();
	}

}
