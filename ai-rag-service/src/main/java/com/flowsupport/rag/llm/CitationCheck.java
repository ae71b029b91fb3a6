package com.flowsupport.rag.llm;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.flowsupport.rag.answer.Citation;
import com.flowsupport.rag.answer.Draft;
import com.flowsupport.rag.peer.KnowledgeBase.Passage;

/**
 * Checks a model's answer against the passages it was given: markers that name a passage
 * become the answer's citations (by article, in order of first mention); markers naming
 * anything else are dropped; an answer with no valid citation, or one that says
 * {@code NO_ANSWER}, is declined — an uncited answer is not grounded.
 */
final class CitationCheck {

	private static final Pattern MARKER = Pattern
		.compile("\\[\\s*([A-Za-z]*\\d+(?:\\s*[,;]\\s*[A-Za-z]*\\d+)*)\\s*\\]");

	private static final Pattern ID = Pattern.compile("[A-Za-z]*\\d+");

	static final int QUOTE_MAX = 300;

	private CitationCheck() {
	}

	static Draft check(String output, Map<String, Passage> passages) {
		String text = output.strip();
		if (text.isEmpty() || text.contains(Prompts.NO_ANSWER)) {
			return Draft.decline();
		}
		List<Passage> cited = new ArrayList<>();
		Matcher markers = MARKER.matcher(text);
		while (markers.find()) {
			Matcher ids = ID.matcher(markers.group(1));
			while (ids.find()) {
				Passage passage = passages.get(ids.group().toUpperCase(java.util.Locale.ROOT));
				if (passage != null && !cited.contains(passage)) {
					cited.add(passage);
				}
			}
		}
		if (cited.isEmpty()) {
			return Draft.decline();
		}
		Set<UUID> articles = new HashSet<>();
		List<Citation> citations = new ArrayList<>();
		for (Passage passage : cited) {
			if (articles.add(passage.articleId())) {
				citations.add(new Citation(passage.articleId(), passage.title(), passage.url(), quote(passage.text())));
			}
		}
		String clean = MARKER.matcher(text).replaceAll("").replaceAll("[ \\t]+([.,;:!?])", "$1").strip();
		return new Draft(clean, citations, false);
	}

	private static String quote(String text) {
		String flat = text.strip().replaceAll("\\s+", " ");
		return (flat.length() <= QUOTE_MAX) ? flat : flat.substring(0, QUOTE_MAX - 1) + "…";
	}

}
