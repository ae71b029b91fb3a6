package com.flowsupport.rag.answer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.flowsupport.rag.peer.KnowledgeBase.Passage;
import com.flowsupport.rag.settings.SettingsProperties;

/**
 * {@code make eval-ai}: replays what kb-service retrieved for each question of a question
 * set (recorded by {@code eval/ai/capture.py} against the real kb-service holding the
 * evaluation corpus) through the answer path with the default (extractive) generator, and
 * prints answer accuracy (the first citation is an expected article), abstentions on
 * answerable questions, and abstention precision and recall on unanswerable ones — at the
 * default threshold and across thresholds. Runs only when {@code rag.eval.retrievals}
 * names a recording.
 */
@EnabledIfSystemProperty(named = "rag.eval.retrievals", matches = ".+")
class AnswerEvaluation {

	/** As {@code flowsupport.rag.prompt-passages} has it by default. */
	static final int PROMPT_PASSAGES = 6;

	/** As {@code flowsupport.rag.passages}: how many chunks the service retrieves. */
	static final int RETRIEVED = 20;

	static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	record Case(String kind, String question, Set<String> expected, List<Passage> passages) {

		boolean answerable() {
			return !this.expected.isEmpty();
		}

	}

	/**
	 * @param declined the generator found nothing to answer with, whatever the threshold
	 */
	record Outcome(Case question, double confidence, boolean declined, boolean abstained, String firstCitation,
			long nanos, Grounding grounding) {

		boolean correct() {
			return !this.abstained && this.question.expected().contains(this.firstCitation);
		}

	}

	@Test
	void evaluate() throws Exception {
		JsonNode recording = JSON.readTree(Files.readString(Path.of(System.getProperty("rag.eval.retrievals"))));
		Map<String, String> slugs = new LinkedHashMap<>();
		recording.get("slugs").properties().forEach((entry) -> slugs.put(entry.getKey(), entry.getValue().asString()));
		List<Case> cases = new ArrayList<>();
		for (JsonNode question : recording.get("questions")) {
			Set<String> expected = new HashSet<>();
			question.get("expected").values().forEach((slug) -> expected.add(slug.asString()));
			List<Passage> passages = new ArrayList<>();
			for (JsonNode chunk : question.get("retrieval").get("chunks")) {
				if (passages.size() < RETRIEVED) {
					passages.add(JSON.treeToValue(chunk, Passage.class));
				}
			}
			cases.add(new Case(question.path("kind").asString("question"), question.get("question").asString(),
					expected, passages));
		}
		double threshold = Double
			.parseDouble(System.getProperty("rag.eval.threshold", SettingsProperties.DEFAULT_THRESHOLD));
		ExtractiveGenerator generator = new ExtractiveGenerator();
		List<Outcome> outcomes = new ArrayList<>();
		for (Case c : cases) {
			long started = System.nanoTime();
			Grounding grounding = Grounding.of(c.question(), c.passages());
			double confidence = AnswerService.round(grounding.confidence());
			String abstention = AnswerService.abstention(c.passages(), confidence, threshold);
			Draft draft = c.passages().isEmpty() ? Draft.decline() : generator.draft(new GroundedQuestion(c.question(),
					List.of(), grounding.rankedPassages(PROMPT_PASSAGES), null, null));
			boolean declined = draft.declined() || draft.citations().isEmpty();
			String first = declined ? "" : slugs.getOrDefault(draft.citations().get(0).articleId().toString(), "?");
			outcomes.add(new Outcome(c, confidence, declined, abstention != null || declined, first,
					System.nanoTime() - started, grounding));
		}
		StringBuilder report = new StringBuilder();
		long answerable = cases.stream().filter(Case::answerable).count();
		report.append(
				String.format(Locale.ROOT, "%n%d questions (%d answerable, %d unanswerable), extractive generator%n",
						cases.size(), answerable, cases.size() - answerable));
		report.append(String.format(Locale.ROOT, "%-10s %10s %12s %12s %12s %12s%n", "threshold", "accuracy",
				"abstain(ans)", "abstain(un)", "abst. prec", "abst. recall"));
		for (double t = 0.30; t <= 0.751; t += 0.05) {
			report.append(row(outcomes, t, String.format(Locale.ROOT, "%.2f", t)));
		}
		report.append('\n').append("At the default threshold ").append(threshold).append(":\n");
		report.append(String.format(Locale.ROOT, "%-10s %10s %12s %12s %12s %12s%n", "", "accuracy", "abstain(ans)",
				"abstain(un)", "abst. prec", "abst. recall"));
		report.append(row(outcomes, threshold, "all"));
		for (String kind : cases.stream().map(Case::kind).distinct().toList()) {
			report.append(
					row(outcomes.stream().filter((o) -> o.question().kind().equals(kind)).toList(), threshold, kind));
		}
		List<Long> nanos = outcomes.stream().map(Outcome::nanos).sorted().toList();
		report.append(String.format(Locale.ROOT, "%nComposing an answer (no retrieval): p50 %.2f ms, p95 %.2f ms%n",
				nanos.get(nanos.size() / 2) / 1e6, nanos.get((int) (nanos.size() * 0.95)) / 1e6));
		report.append(String.format(Locale.ROOT, "%nQuestions at the default threshold:%n"));
		for (Outcome o : outcomes) {
			Outcome at = rethreshold(o, threshold);
			report.append(String.format(Locale.ROOT,
					"  %-6s %-12s conf %.3f cov %.2f sim %.3f lex %-5s unknown %-22s %-28s %s%n",
					at.question().answerable() ? (at.correct() ? "ok" : at.abstained() ? "ABST" : "WRONG")
							: (at.abstained() ? "ok" : "ANSW"),
					at.question().kind(), at.confidence(), top(at, (e) -> e.coverage()), top(at, (e) -> e.similarity()),
					!at.grounding().articles().isEmpty() && at.grounding().articles().get(0).lexical(),
					at.grounding().unknownTerms(), at.firstCitation(), at.question().question()));
		}
		StringBuilder features = new StringBuilder();
		for (Outcome o : outcomes) {
			List<Map<String, Object>> articles = new ArrayList<>();
			for (Grounding.ArticleEvidence a : o.grounding().articles()) {
				String slug = slugs.getOrDefault(a.articleId().toString(), "?");
				articles.add(Map.of("slug", slug, "expected", o.question().expected().contains(slug), "rank",
						a.retrievalRank(), "similarity", a.similarity(), "coverage", a.coverage(), "titleCoverage",
						a.titleCoverage(), "lexical", a.lexical()));
			}
			features
				.append(JSON.writeValueAsString(Map.of("kind", o.question().kind(), "question", o.question().question(),
						"answerable", o.question().answerable(), "terms", o.grounding().terms().size(), "unknown",
						o.grounding().unknownTerms().size(), "articles", articles)))
				.append('\n');
		}
		Files.writeString(Path.of("target", "ai-eval-features.jsonl"), features.toString());
		System.out.println(report);
		Files.writeString(Path.of("target", "ai-eval.txt"), report.toString());
	}

	static double top(Outcome o, java.util.function.ToDoubleFunction<Grounding.ArticleEvidence> value) {
		return o.grounding().articles().isEmpty() ? 0 : value.applyAsDouble(o.grounding().articles().get(0));
	}

	/** The outcome had the threshold been {@code threshold}. */
	static Outcome rethreshold(Outcome o, double threshold) {
		boolean abstained = AnswerService.abstention(o.question().passages(), o.confidence(), threshold) != null
				|| o.declined();
		return new Outcome(o.question(), o.confidence(), o.declined(), abstained, o.firstCitation(), o.nanos(),
				o.grounding());
	}

	static String row(List<Outcome> outcomes, double threshold, String name) {
		int answerable = 0;
		int correct = 0;
		int abstainedAnswerable = 0;
		int unanswerable = 0;
		int abstainedUnanswerable = 0;
		for (Outcome raw : outcomes) {
			Outcome o = rethreshold(raw, threshold);
			if (o.question().answerable()) {
				answerable++;
				correct += o.correct() ? 1 : 0;
				abstainedAnswerable += o.abstained() ? 1 : 0;
			}
			else {
				unanswerable++;
				abstainedUnanswerable += o.abstained() ? 1 : 0;
			}
		}
		int abstained = abstainedAnswerable + abstainedUnanswerable;
		return String.format(Locale.ROOT, "%-10s %10s %12s %12s %12s %12s%n", name, ratio(correct, answerable),
				ratio(abstainedAnswerable, answerable), ratio(abstainedUnanswerable, unanswerable),
				ratio(abstainedUnanswerable, abstained), ratio(abstainedUnanswerable, unanswerable));
	}

	static String ratio(int part, int whole) {
		return (whole == 0) ? "-" : String.format(Locale.ROOT, "%.3f", (double) part / whole);
	}

}
