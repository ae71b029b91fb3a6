package com.flowsupport.kb.search;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

import com.flowsupport.kb.KbIntegrationTest;
import com.flowsupport.kb.importing.ArticleImporter;
import com.flowsupport.kb.importing.ImportReport;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.test.TestInfrastructure;

/**
 * {@code make eval}: builds a knowledge base from a document corpus through the real
 * import, waits until every article is embedded, asks the question set as a customer
 * would, and prints recall@1, recall@5, MRR@10 and nDCG@10 by article for each leg alone
 * and for both fusions. Runs only when {@code kb.eval.corpus} names the corpus.
 */
@KbIntegrationTest
@Import(RememberedEmbeddings.Configuration.class)
@EnabledIfSystemProperty(named = "kb.eval.corpus", matches = ".+")
class RetrievalEvaluation {

	static final int DEPTH = 10;

	/** Chunks recorded per question for the answer evaluation (as eval/ai asks for). */
	static final int RETRIEVAL_K = 30;

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	ArticleImporter importer;

	@Autowired
	SearchService search;

	@Autowired
	SearchProperties properties;

	@Autowired
	EmbeddingModel model;

	@Test
	void evaluate() throws Exception {
		UUID tenant = UUID.randomUUID();
		JsonNode corpus = JSON.readTree(Files.readString(Path.of(System.getProperty("kb.eval.corpus"))));
		long started = System.nanoTime();
		ImportReport report = Tenancy.callAs(CallerIdentity.service(tenant, "kb-eval"),
				() -> this.importer.importJson(corpus));
		System.out.printf(Locale.ROOT, "Imported %d articles (%d refused) in %.0f s%n", report.imported(),
				report.failed(), seconds(started));
		long indexing = System.nanoTime();
		awaitIndexed(tenant, report.imported());
		long chunks = count("SELECT count(*) FROM kb.chunk WHERE tenant_id = ?", tenant);
		System.out.printf(Locale.ROOT, "Embedded %d chunks in %.0f s (%.1f chunks/s)%n", chunks, seconds(indexing),
				chunks / seconds(indexing));
		Map<UUID, String> slugs = slugs(tenant);
		List<Question> questions = questions(Path.of(System.getProperty("kb.eval.questions")));
		Map<String, Scores> systems = new LinkedHashMap<>();
		for (Leg leg : Leg.values()) {
			systems.put(leg.value() + " alone", new Scores());
		}
		Map<String, SearchProperties> variants = variants(this.properties);
		variants.keySet().forEach((name) -> systems.put(name, new Scores()));
		Map<String, Scores> byKind = new LinkedHashMap<>();
		StringBuilder misses = new StringBuilder();
		StringBuilder candidates = new StringBuilder();
		double[] topVector = new double[2];
		int[] topVectorCount = new int[2];
		for (Question question : questions) {
			CallerIdentity customer = CallerIdentity.user(tenant, UUID.randomUUID(), AppRole.CUSTOMER);
			SearchRequest request = new SearchRequest(question.text(), null, DEPTH, null, Set.of());
			for (Map.Entry<String, SearchProperties> variant : variants.entrySet()) {
				SearchService.Ranked ranked = Tenancy.callAs(customer,
						() -> this.search.rank(request, variant.getValue()));
				List<String> fused = ranked.articles()
					.stream()
					.limit(DEPTH)
					.map((item) -> slugs.get(item.articleId()))
					.toList();
				systems.get(variant.getKey()).add(question, fused);
				if (!variant.getKey().equals(DEFAULT)) {
					continue;
				}
				misses.append(miss(question, fused));
				candidates.append(candidates(question, ranked, slugs));
				byKind.computeIfAbsent("fused (default), " + question.kind(), (kind) -> new Scores())
					.add(question, fused);
				for (Leg leg : Leg.values()) {
					List<String> alone = ranked.articles()
						.stream()
						.filter((item) -> item.evidence().containsKey(leg))
						.sorted((a, b) -> Integer.compare(a.evidence().get(leg).rank(), b.evidence().get(leg).rank()))
						.limit(DEPTH)
						.map((item) -> slugs.get(item.articleId()))
						.toList();
					systems.get(leg.value() + " alone").add(question, alone);
					if (leg == Leg.VECTOR) {
						byKind.computeIfAbsent("vector alone, " + question.kind(), (kind) -> new Scores())
							.add(question, alone);
					}
				}
				int bucket = question.expected().isEmpty() ? 1 : 0;
				ranked.articles()
					.stream()
					.map((item) -> item.evidence().get(Leg.VECTOR))
					.filter((evidence) -> evidence != null && evidence.rank() == 1)
					.findFirst()
					.ifPresent((evidence) -> {
						topVector[bucket] += evidence.score();
						topVectorCount[bucket]++;
					});
			}
		}
		recordRetrievals(tenant, questions, slugs);
		StringBuilder table = new StringBuilder();
		table.append(
				String.format(Locale.ROOT, "%n%d questions (%d answerable), %d articles, %d chunks%n", questions.size(),
						questions.stream().filter((q) -> !q.expected().isEmpty()).count(), slugs.size(), chunks));
		table.append(String.format(Locale.ROOT, "%-28s %10s %10s %8s %9s%n", "", "recall@1", "recall@5", "MRR@10",
				"nDCG@10"));
		systems.forEach((name, scores) -> table.append(scores.row(name)));
		table.append('\n');
		byKind.forEach((name, scores) -> table.append(scores.row(name)));
		table.append(String.format(Locale.ROOT,
				"%nTop vector similarity: answerable %.3f, unanswerable %.3f (mean of the best chunk's cosine)%n",
				topVector[0] / Math.max(1, topVectorCount[0]), topVector[1] / Math.max(1, topVectorCount[1])));
		System.out.println(table);
		Files.writeString(Path.of("target", "kb-eval.txt"), table.toString());
		Files.writeString(Path.of("target", "kb-eval-misses.txt"), misses.toString());
		Files.writeString(Path.of("target", "kb-eval-candidates.jsonl"), candidates.toString());
		recordArticles(tenant);
	}

	/**
	 * With {@code kb.eval.retrievals}: what the retrieval API returns for each question
	 * (as a customer, {@link #RETRIEVAL_K} chunks), recorded for ai-rag-service's answer
	 * evaluation ({@code make eval-ai}) to replay.
	 */
	void recordRetrievals(UUID tenant, List<Question> questions, Map<UUID, String> slugs) throws IOException {
		String file = System.getProperty("kb.eval.retrievals");
		if (file == null || file.isBlank()) {
			return;
		}
		List<Map<String, Object>> records = new ArrayList<>();
		for (Question question : questions) {
			CallerIdentity customer = CallerIdentity.user(tenant, UUID.randomUUID(), AppRole.CUSTOMER);
			String text = question.text().substring(0, Math.min(question.text().length(), SearchService.QUERY_MAX));
			Retrieval retrieval = Tenancy.callAs(customer,
					() -> this.search.retrieve(new SearchRequest(text, null, RETRIEVAL_K, null, Set.of())));
			records.add(Map.of("kind", question.kind(), "question", question.text(), "expected", question.expected(),
					"retrieval", retrieval));
		}
		Map<String, String> slugById = new LinkedHashMap<>();
		slugs.forEach((id, slug) -> slugById.put(id.toString(), slug));
		Files.writeString(Path.of(file),
				JSON.writeValueAsString(Map.of("k", RETRIEVAL_K, "slugs", slugById, "questions", records)));
	}

	/**
	 * Each article's title, the model's vector of the title and the mean of its chunks'
	 * vectors: a line of JSON per article, for studying article-level signals offline
	 * next to the candidates.
	 */
	void recordArticles(UUID tenant) throws SQLException, IOException {
		List<Map<String, Object>> articles = new ArrayList<>();
		query("SELECT a.slug, a.title, extensions.avg(c.embedding)::text FROM kb.article a JOIN kb.chunk c ON c.article_id = a.id"
				+ " WHERE a.tenant_id = ? GROUP BY a.slug, a.title", tenant, (rs) -> {
					Map<String, Object> article = new LinkedHashMap<>();
					article.put("article", rs.getString(1));
					article.put("title", rs.getString(2));
					article.put("centroid", rs.getString(3));
					articles.add(article);
				});
		List<String> titles = articles.stream().map((article) -> (String) article.get("title")).toList();
		List<float[]> vectors = new ArrayList<>();
		// In batches, as the indexer embeds passages: memory stays bounded.
		for (int start = 0; start < titles.size(); start += 16) {
			vectors.addAll(this.model.embed(titles.subList(start, Math.min(titles.size(), start + 16))));
		}
		StringBuilder lines = new StringBuilder();
		for (int i = 0; i < articles.size(); i++) {
			articles.get(i).put("titleVector", vectors.get(i));
			lines.append(JSON.writeValueAsString(articles.get(i))).append('\n');
		}
		Files.writeString(Path.of("target", "kb-eval-articles.jsonl"), lines.toString());
		StringBuilder chunks = new StringBuilder();
		query("SELECT c.id, a.slug, c.ordinal, c.heading, c.content_hash FROM kb.chunk c JOIN kb.article a ON a.id = c.article_id"
				+ " WHERE c.tenant_id = ? ORDER BY a.slug, c.ordinal", tenant, (rs) -> {
					Map<String, Object> chunk = new LinkedHashMap<>();
					chunk.put("chunk", rs.getString(1));
					chunk.put("article", rs.getString(2));
					chunk.put("ordinal", rs.getInt(3));
					chunk.put("heading", rs.getString(4));
					chunk.put("hash", rs.getString(5));
					chunks.append(JSON.writeValueAsString(chunk)).append('\n');
				});
		Files.writeString(Path.of("target", "kb-eval-chunks.jsonl"), chunks.toString());
	}

	/**
	 * Every chunk a question's legs found, with each leg's rank and score: a line of JSON
	 * per question, for studying other fusions without running the search again.
	 */
	static String candidates(Question question, SearchService.Ranked ranked, Map<UUID, String> slugs) {
		List<Map<String, Object>> chunks = new ArrayList<>();
		for (SearchService.Ranked.Item item : ranked.chunks()) {
			Map<String, Object> legs = new LinkedHashMap<>();
			item.evidence()
				.forEach((leg, evidence) -> legs.put(leg.value(), List.of(evidence.rank(), evidence.score())));
			chunks
				.add(Map.of("article", slugs.get(item.articleId()), "chunk", item.chunkId().toString(), "legs", legs));
		}
		return JSON.writeValueAsString(Map.of("kind", question.kind(), "question", question.text(), "expected",
				question.expected(), "chunks", chunks)) + "\n";
	}

	/**
	 * A line for each answerable question the default fusion does not rank first: where
	 * the expected article came, and what came before it.
	 */
	static String miss(Question question, List<String> ranking) {
		if (question.expected().isEmpty() || question.expected().contains(ranking.isEmpty() ? "" : ranking.get(0))) {
			return "";
		}
		int at = -1;
		for (int i = 0; i < ranking.size() && at < 0; i++) {
			at = question.expected().contains(ranking.get(i)) ? i + 1 : -1;
		}
		return String.format(Locale.ROOT, "%-3s %-11s %s%n    expected %s; got %s%n", (at < 0) ? "-" : at,
				question.kind(), question.text(), question.expected(), ranking.subList(0, Math.min(5, ranking.size())));
	}

	static final String DEFAULT = "fused (default)";

	/**
	 * The default settings and alternatives to them, each run as its own search: the
	 * other fusion, score fusion by each article's best chunk alone, the vector leg with
	 * as many candidates as a lexical leg, and other weights of the vector leg against
	 * the two lexical legs together.
	 */
	static Map<String, SearchProperties> variants(SearchProperties p) {
		Map<String, SearchProperties> variants = new LinkedHashMap<>();
		variants.put(DEFAULT, p);
		Fusion other = (p.fusion() == Fusion.RRF) ? Fusion.SCORE : Fusion.RRF;
		variants.put("fused (" + other.name().toLowerCase(Locale.ROOT) + ")",
				with(p, other, p.vectorCandidates(), p.vectorWeight(), p.furtherPassageWeight()));
		variants.put("score, best chunk only", with(p, Fusion.SCORE, p.vectorCandidates(), p.vectorWeight(), 0));
		variants.put("vector candidates " + p.candidates(),
				with(p, p.fusion(), p.candidates(), p.vectorWeight(), p.furtherPassageWeight()));
		double lexical = p.textWeight() + p.typoWeight();
		for (double times : new double[] { 1, 2, 3, 4 }) {
			variants.put(String.format(Locale.ROOT, "score, vector x%.0f", times),
					with(p, Fusion.SCORE, p.vectorCandidates(), lexical * times, p.furtherPassageWeight()));
		}
		return variants;
	}

	static SearchProperties with(SearchProperties p, Fusion fusion, int vectorCandidates, double vectorWeight,
			double furtherPassageWeight) {
		return new SearchProperties(fusion, p.candidates(), vectorCandidates, p.lexicalCandidates(), p.rrfK(),
				p.textWeight(), p.typoWeight(), vectorWeight, furtherPassageWeight, p.furtherPassages(),
				p.passagesPerArticle(), p.efSearch(), p.efSearchMin(), p.chunksPerEfSearch(), p.typoSimilarity(),
				p.publicBaseUrl());
	}

	/** Recall, MRR and nDCG by article, over the answerable questions. */
	static final class Scores {

		int questions;

		double recall1;

		double recall5;

		double reciprocalRank;

		double ndcg;

		void add(Question question, List<String> ranking) {
			if (question.expected().isEmpty()) {
				return;
			}
			this.questions++;
			int first = -1;
			double dcg = 0;
			for (int i = 0; i < Math.min(DEPTH, ranking.size()); i++) {
				if (question.expected().contains(ranking.get(i))) {
					dcg += 1 / log2(i + 2);
					if (first < 0) {
						first = i;
					}
				}
			}
			double ideal = 0;
			for (int i = 0; i < Math.min(DEPTH, question.expected().size()); i++) {
				ideal += 1 / log2(i + 2);
			}
			this.recall1 += (first == 0) ? 1 : 0;
			this.recall5 += (first >= 0 && first < 5) ? 1 : 0;
			this.reciprocalRank += (first >= 0) ? 1.0 / (first + 1) : 0;
			this.ndcg += dcg / ideal;
		}

		String row(String name) {
			double n = Math.max(1, this.questions);
			return String.format(Locale.ROOT, "%-28s %10.3f %10.3f %8.3f %9.3f%n", name, this.recall1 / n,
					this.recall5 / n, this.reciprocalRank / n, this.ndcg / n);
		}

		private static double log2(double x) {
			return Math.log(x) / Math.log(2);
		}

	}

	record Question(String kind, String text, Set<String> expected) {
	}

	static List<Question> questions(Path file) throws IOException {
		List<Question> questions = new ArrayList<>();
		for (String line : Files.readAllLines(file)) {
			if (line.isBlank()) {
				continue;
			}
			JsonNode node = JSON.readTree(line);
			Set<String> expected = new java.util.LinkedHashSet<>();
			node.get("expected").values().forEach((slug) -> expected.add(slug.asString()));
			questions
				.add(new Question(node.path("kind").asString("question"), node.get("question").asString(), expected));
		}
		return questions;
	}

	static void awaitIndexed(UUID tenant, int articles) throws SQLException, InterruptedException {
		long last = -1;
		while (true) {
			long indexed = count("SELECT count(*) FROM kb.article WHERE tenant_id = ? AND index_status = 'indexed'",
					tenant);
			if (indexed >= articles) {
				return;
			}
			if (indexed != last) {
				System.out.printf(Locale.ROOT, "  embedded %d of %d articles%n", indexed, articles);
				last = indexed;
			}
			Thread.sleep(10_000);
		}
	}

	static Map<UUID, String> slugs(UUID tenant) throws SQLException {
		Map<UUID, String> slugs = new HashMap<>();
		query("SELECT id, slug FROM kb.article WHERE tenant_id = ?", tenant,
				(rs) -> slugs.put(UUID.fromString(rs.getString(1)), rs.getString(2)));
		return slugs;
	}

	static long count(String sql, UUID tenant) throws SQLException {
		long[] count = new long[1];
		query(sql, tenant, (rs) -> count[0] = rs.getLong(1));
		return count[0];
	}

	static void query(String sql, UUID tenant, RowHandler handler) throws SQLException {
		try (Connection admin = TestInfrastructure.get().adminConnection();
				PreparedStatement statement = admin.prepareStatement(sql)) {
			statement.setObject(1, tenant);
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					handler.handle(rs);
				}
			}
		}
	}

	interface RowHandler {

		void handle(ResultSet rs) throws SQLException;

	}

	static double seconds(long since) {
		return (System.nanoTime() - since) / 1e9;
	}

}
