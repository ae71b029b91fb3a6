package com.flowsupport.rag.answer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.flowsupport.rag.peer.KnowledgeBase.Passage;

/**
 * How well the retrieved passages support an answer to a question, and which article
 * supports it best, from evidence that needs no language model. For each article among
 * the passages:
 * <ul>
 * <li><b>similarity</b>: the embedding similarity of its best passage to the question
 * (kb-service's vector leg, cosine);</li>
 * <li><b>coverage</b>: the share of the question's meaningful words its passages, title
 * and headings contain, typos allowed — a passage that never mentions what was asked
 * about does not answer it;</li>
 * <li><b>title coverage</b>: the share of those words in its title and headings, where an
 * article says what it is about;</li>
 * <li><b>agreement</b>: whether the lexical legs (full text, typo) found it too, not only
 * the vector leg.</li>
 * </ul>
 * Articles keep kb-service's order: it ranks them by all of its legs and by how many of
 * their passages match (the retrieval API returns the best articles first, each with its
 * best passages), which picks the right article more often than any one signal here (on
 * the evaluation, 0.72 against 0.66 for the best passage's similarity;
 * eval/ai/README.md). The confidence is the first article's: its similarity rescaled from
 * the range the in-process model produces, its coverage, agreement, and a penalty for the
 * share of the question's words found in no passage at all (the thing asked about is not
 * in the knowledge base).
 */
final class Grounding {

	/**
	 * bge-small's cosine between a question and a passage about something else, and one
	 * that answers it: on the evaluation's knowledge base the best passage of questions
	 * it answers averages 0.77, of questions it does not 0.61 (eval/ai/README.md).
	 */
	static final double SIMILARITY_FLOOR = 0.60;

	static final double SIMILARITY_CEILING = 0.80;

	static final double COVERAGE_WEIGHT = 0.45;

	static final double SIMILARITY_WEIGHT = 0.50;

	static final double AGREEMENT_WEIGHT = 0.20;

	static final double UNKNOWN_WEIGHT = 0.40;

	private final List<String> terms;

	private final List<ArticleEvidence> articles;

	private final double confidence;

	private final List<String> unknownTerms;

	/**
	 * @param retrievalRank where kb-service ranked the article's best passage (0 = first)
	 * @param similarity the best passage's vector cosine, 0 when the vector leg missed it
	 * @param coverage share of the question's terms in the article's passages
	 * @param titleCoverage share of the question's terms in its title and headings
	 * @param lexical whether full-text or typo search found the article
	 * @param matched the question's terms the article contains
	 */
	record ArticleEvidence(UUID articleId, int retrievalRank, List<Passage> passages, double similarity,
			double coverage, double titleCoverage, boolean lexical, Set<String> matched) {

		Passage best() {
			return this.passages.get(0);
		}

	}

	private Grounding(List<String> terms, List<ArticleEvidence> articles, List<String> unknownTerms) {
		this.terms = terms;
		this.articles = articles;
		this.unknownTerms = unknownTerms;
		this.confidence = articles.isEmpty() ? 0
				: score(articles.get(0), terms.isEmpty() ? 1 : (double) unknownTerms.size() / terms.size());
	}

	static Grounding of(String question, List<Passage> passages) {
		List<String> terms = Terms.of(question);
		Map<UUID, List<Passage>> byArticle = new LinkedHashMap<>();
		for (Passage passage : passages) {
			byArticle.computeIfAbsent(passage.articleId(), (id) -> new ArrayList<>()).add(passage);
		}
		Set<String> everywhere = new HashSet<>();
		List<ArticleEvidence> articles = new ArrayList<>();
		int rank = 0;
		for (List<Passage> own : byArticle.values()) {
			Set<String> vocabulary = new HashSet<>();
			Set<String> titles = new HashSet<>(Terms.of(own.get(0).title()));
			double similarity = 0;
			boolean lexical = false;
			for (Passage passage : own) {
				List<String> headings = Terms.of(String.join(" ", passage.headingPath()));
				titles.addAll(headings);
				vocabulary.addAll(headings);
				vocabulary.addAll(Terms.of(passage.text()));
				if (passage.scores().vector() != null) {
					similarity = Math.max(similarity, passage.scores().vector().score());
				}
				lexical |= passage.scores().text() != null || passage.scores().typo() != null;
			}
			vocabulary.addAll(titles);
			Set<String> matched = matched(terms, vocabulary);
			everywhere.addAll(matched);
			articles.add(new ArticleEvidence(own.get(0).articleId(), rank++, own, similarity, share(matched, terms),
					share(matched(terms, titles), terms), lexical, matched));
		}
		List<String> unknown = terms.stream().filter((term) -> !everywhere.contains(term)).toList();
		return new Grounding(terms, articles, unknown);
	}

	private static double share(Set<String> matched, List<String> terms) {
		return terms.isEmpty() ? 0 : (double) matched.size() / terms.size();
	}

	private static Set<String> matched(List<String> terms, Set<String> vocabulary) {
		Set<String> matched = new HashSet<>();
		for (String term : terms) {
			if (vocabulary.contains(term)) {
				matched.add(term);
				continue;
			}
			for (String word : vocabulary) {
				if (Terms.near(term, word)) {
					matched.add(term);
					break;
				}
			}
		}
		return matched;
	}

	static double score(ArticleEvidence article, double unknownShare) {
		double similarity = Math
			.clamp((article.similarity() - SIMILARITY_FLOOR) / (SIMILARITY_CEILING - SIMILARITY_FLOOR), 0, 1);
		double score = COVERAGE_WEIGHT * article.coverage() + SIMILARITY_WEIGHT * similarity
				+ AGREEMENT_WEIGHT * (article.lexical() ? 1 : 0) - UNKNOWN_WEIGHT * unknownShare;
		return Math.clamp(score, 0, 1);
	}

	List<String> terms() {
		return this.terms;
	}

	/** The articles, in kb-service's order. */
	List<ArticleEvidence> articles() {
		return this.articles;
	}

	/** The passages, article by article, at most {@code max}. */
	List<Passage> rankedPassages(int max) {
		return this.articles.stream().flatMap((article) -> article.passages().stream()).limit(max).toList();
	}

	List<String> unknownTerms() {
		return this.unknownTerms;
	}

	/** From 0 (nothing supports an answer) to 1. */
	double confidence() {
		return this.confidence;
	}

}
