package com.flowsupport.rag.answer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.flowsupport.rag.answer.Grounding.ArticleEvidence;
import com.flowsupport.rag.peer.KnowledgeBase.Passage;

/**
 * The generator that needs no model: the answer is the few sentences of the best
 * article's passages that say most about the question's words, in the article's own
 * order, with the article cited; close runners-up are cited as further reading.
 */
public final class ExtractiveGenerator implements Generator {

	static final int MAX_SENTENCES = 3;

	static final int ANSWER_MAX = 600;

	static final int SENTENCE_MAX = 300;

	static final int FURTHER_READING = 2;

	/** A runner-up is cited when it covers this share of what the main article covers. */
	static final double RUNNER_UP_COVERAGE = 0.8;

	private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?:])\\s+(?=[\\p{Lu}\\p{N}\"'(\\[`])|\\n+");

	@Override
	public String name() {
		return "extractive";
	}

	@Override
	public Draft draft(GroundedQuestion question) {
		Grounding grounding = Grounding.of(question.question(), question.passages());
		if (grounding.articles().isEmpty()) {
			return Draft.decline();
		}
		ArticleEvidence main = grounding.articles().get(0);
		List<String> chosen = choose(main, grounding.terms());
		List<Citation> citations = new ArrayList<>();
		citations.add(citation(main.best(), String.join(" ", chosen)));
		for (ArticleEvidence other : grounding.articles().subList(1, Math.min(grounding.articles().size(), 3))) {
			if (citations.size() > FURTHER_READING || other.matched().isEmpty()
					|| other.coverage() < RUNNER_UP_COVERAGE * main.coverage()) {
				continue;
			}
			List<String> quote = choose(other, grounding.terms());
			citations.add(citation(other.best(), quote.isEmpty() ? "" : quote.get(0)));
		}
		return new Draft(String.join(" ", chosen), citations, false);
	}

	private static Citation citation(Passage passage, String quote) {
		return new Citation(passage.articleId(), passage.title(), passage.url(), cut(quote, SENTENCE_MAX));
	}

	private record Sentence(String text, int passage, int position, int matches) {
	}

	/** The article's sentences that match the most of the question's words. */
	static List<String> choose(ArticleEvidence article, List<String> terms) {
		List<Sentence> sentences = new ArrayList<>();
		for (int p = 0; p < article.passages().size(); p++) {
			String[] parts = SENTENCE_END.split(article.passages().get(p).text());
			for (int s = 0; s < parts.length; s++) {
				String text = parts[s].strip();
				if (text.length() < 12) {
					continue;
				}
				sentences.add(new Sentence(text, p, s, matches(text, terms)));
			}
		}
		if (sentences.isEmpty()) {
			return List.of(cut(article.best().text().strip(), SENTENCE_MAX));
		}
		List<Sentence> ranked = sentences.stream()
			.filter((sentence) -> sentence.matches() > 0)
			.sorted(Comparator.comparingInt((Sentence s) -> -s.matches())
				.thenComparingInt(Sentence::passage)
				.thenComparingInt(Sentence::position))
			.toList();
		if (ranked.isEmpty()) {
			return List.of(cut(sentences.get(0).text(), SENTENCE_MAX));
		}
		List<Sentence> picked = new ArrayList<>();
		int length = 0;
		int best = ranked.get(0).matches();
		for (Sentence sentence : ranked) {
			int cost = Math.min(sentence.text().length(), SENTENCE_MAX) + 1;
			// The best sentence always; others only if they still say a fair part of it.
			if (!picked.isEmpty() && (length + cost > ANSWER_MAX || 2 * sentence.matches() < best)) {
				continue;
			}
			picked.add(sentence);
			length += cost;
			if (picked.size() == MAX_SENTENCES) {
				break;
			}
		}
		return picked.stream()
			.sorted(Comparator.comparingInt(Sentence::passage).thenComparingInt(Sentence::position))
			.map((sentence) -> cut(sentence.text(), SENTENCE_MAX))
			.toList();
	}

	private static int matches(String sentence, List<String> terms) {
		Set<String> words = new HashSet<>(Terms.of(sentence));
		int matches = 0;
		for (String term : terms) {
			if (words.contains(term) || words.stream().anyMatch((word) -> Terms.near(term, word))) {
				matches++;
			}
		}
		return matches;
	}

	/** Cuts a text at a word boundary, marking the cut. */
	static String cut(String text, int max) {
		if (text.length() <= max) {
			return text;
		}
		int space = text.lastIndexOf(' ', max - 1);
		return text.substring(0, (space > max / 2) ? space : max - 1).stripTrailing() + "…";
	}

}
