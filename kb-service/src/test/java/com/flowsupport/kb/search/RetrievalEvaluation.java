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

import org.springframework.beans.factory.annotation.Autowired;

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
@EnabledIfSystemProperty(named = "kb.eval.corpus", matches = ".+")
class RetrievalEvaluation {

	static final int DEPTH = 10;

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	ArticleImporter importer;

	@Autowired
	SearchService search;

	@Autowired
	SearchProperties properties;

	/**
	 * Fusions recomputed from the same candidates with the vector leg weighted 1, 2 and 3
	 * times the two lexical legs together: how much the legs should count, measured.
	 */
	static final double[] VECTOR_WEIGHTS = { 1, 2, 3 };

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
		for (Fusion fusion : Fusion.values()) {
			systems.put("fused (" + fusion.name().toLowerCase(Locale.ROOT) + ")", new Scores());
		}
		Map<String, Scores> byKind = new LinkedHashMap<>();
		double[] topVector = new double[2];
		int[] topVectorCount = new int[2];
		for (Question question : questions) {
			CallerIdentity customer = CallerIdentity.user(tenant, UUID.randomUUID(), AppRole.CUSTOMER);
			SearchRequest request = new SearchRequest(question.text(), null, DEPTH, null, Set.of());
			for (Fusion fusion : Fusion.values()) {
				SearchService.Ranked ranked = Tenancy.callAs(customer, () -> this.search.rank(request, fusion));
				List<String> fused = ranked.articles()
					.stream()
					.limit(DEPTH)
					.map((item) -> slugs.get(item.articleId()))
					.toList();
				if (fusion == Fusion.RRF) {
					for (Fusion variant : Fusion.values()) {
						for (double weight : VECTOR_WEIGHTS) {
							systems.computeIfAbsent(variantName(variant, weight), (name) -> new Scores())
								.add(question,
										refuse(ranked, variant, weight).stream().limit(DEPTH).map(slugs::get).toList());
						}
					}
					for (Leg leg : Leg.values()) {
						List<String> alone = ranked.articles()
							.stream()
							.filter((item) -> item.evidence().containsKey(leg))
							.sorted((a, b) -> Integer.compare(a.evidence().get(leg).rank(),
									b.evidence().get(leg).rank()))
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
				systems.get("fused (" + fusion.name().toLowerCase(Locale.ROOT) + ")").add(question, fused);
				if (fusion == this.properties.fusion()) {
					byKind.computeIfAbsent("fused (default), " + question.kind(), (kind) -> new Scores())
						.add(question, fused);
				}
			}
		}
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
	}

	static String variantName(Fusion fusion, double vectorWeight) {
		return String.format(Locale.ROOT, "%s, vector x%.0f", fusion.name().toLowerCase(Locale.ROOT), vectorWeight);
	}

	/** The articles fused again from each leg's evidence, with other weights. */
	List<UUID> refuse(SearchService.Ranked ranked, Fusion fusion, double vectorWeight) {
		Map<Leg, List<Fusion.Hit<UUID>>> legs = new java.util.EnumMap<>(Leg.class);
		for (Leg leg : Leg.values()) {
			legs.put(leg,
					ranked.articles()
						.stream()
						.filter((item) -> item.evidence().containsKey(leg))
						.sorted((a, b) -> Integer.compare(a.evidence().get(leg).rank(), b.evidence().get(leg).rank()))
						.map((item) -> new Fusion.Hit<>(item.articleId(), item.evidence().get(leg).score()))
						.toList());
		}
		SearchProperties p = this.properties;
		SearchProperties weighted = new SearchProperties(fusion, p.candidates(), p.rrfK(), p.textWeight(),
				p.typoWeight(), (p.textWeight() + p.typoWeight()) * vectorWeight, p.efSearch(), p.typoSimilarity(),
				p.publicBaseUrl());
		return fusion.fuse(legs, weighted).stream().map((item) -> item.key).toList();
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
