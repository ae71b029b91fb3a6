package com.flowsupport.kb.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
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
import tools.jackson.databind.node.ArrayNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.TestPropertySource;

import com.flowsupport.kb.KbIntegrationTest;
import com.flowsupport.kb.importing.ArticleImporter;
import com.flowsupport.kb.importing.ImportReport;
import com.flowsupport.kb.indexing.Embeddings;
import com.flowsupport.kb.search.Fusion;
import com.flowsupport.kb.search.Leg;
import com.flowsupport.kb.search.SearchRequest;
import com.flowsupport.kb.search.SearchService;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.TestInfrastructure;
import com.flowsupport.shared.test.TestJwtIssuer;

/**
 * {@code bench/kb/run.sh}: ingest throughput of the real pipeline (import, chunking,
 * embedding) on the first {@code kb.bench.articles} pages of the PostgreSQL manual; then
 * 100,000 chunks across tenants (copies of the manual's chunks with their embeddings
 * slightly perturbed, one tenant holding 1%); then ANN recall@10 of the vector leg (HNSW,
 * iterative scan, row-level security on) against exact search per tenant, and search
 * latency over HTTP including the query embedding, with the cache off. Runs only when
 * {@code kb.bench.corpus} names the corpus.
 */
@KbIntegrationTest
@TestPropertySource(properties = { "flowsupport.kb.cache.enabled=false", "logging.level.root=WARN" })
@EnabledIfSystemProperty(named = "kb.bench.corpus", matches = ".+")
class SearchBenchmark {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final int TOTAL_CHUNKS = Integer.getInteger("kb.bench.chunks", 100_000);

	static final int SMALL_TENANT_CHUNKS = TOTAL_CHUNKS / 100;

	@Value("${local.server.port}")
	int port;

	@Autowired
	ArticleImporter importer;

	@Autowired
	SearchService search;

	@Autowired
	Embeddings embeddings;

	@Test
	void benchmark() throws Exception {
		StringBuilder out = new StringBuilder();
		UUID source = UUID.randomUUID();
		JsonNode articles = JSON.readTree(Files.readString(Path.of(System.getProperty("kb.bench.corpus"))))
			.get("articles");
		ArrayNode corpus = JSON.createArrayNode();
		for (int i = 0; i < Math.min(articles.size(), Integer.getInteger("kb.bench.articles", 400)); i++) {
			corpus.add(articles.get(i));
		}
		long started = System.nanoTime();
		ImportReport report = Tenancy.callAs(CallerIdentity.service(source, "kb-bench"),
				() -> this.importer.importJson(corpus));
		double imported = seconds(started);
		awaitIndexed(source, report.imported());
		double ingest = seconds(started);
		long sourceChunks = count("SELECT count(*) FROM kb.chunk WHERE tenant_id = '" + source + "'");
		out.append(String.format(Locale.ROOT,
				"Ingest: %d articles, %d chunks in %.0f s (import and chunking %.0f s): %.1f chunks/s end to end%n",
				report.imported(), sourceChunks, ingest, imported, sourceChunks / ingest));

		UUID small = UUID.randomUUID();
		List<UUID> tenants = seed(source, small, sourceChunks);
		long total = count("SELECT count(*) FROM kb.chunk");
		out.append(String.format(Locale.ROOT, "Seeded: %d chunks across %d tenants; the smallest holds %d (%.1f%%)%n",
				total, tenants.size(), count("SELECT count(*) FROM kb.chunk WHERE tenant_id = '" + small + "'"),
				100.0 * count("SELECT count(*) FROM kb.chunk WHERE tenant_id = '" + small + "'") / total));

		List<String> queries = queries();
		UUID large = tenants.get(tenants.size() - 1);
		for (UUID tenant : List.of(small, source, large)) {
			out.append(recall(tenant, queries, tenant.equals(small) ? "1% tenant" : "large tenant")).append('\n');
		}
		out.append(latency(tenants, small, queries));
		System.out.println("\n" + out);
		Files.writeString(Path.of("target", "kb-bench.txt"), out.toString());
	}

	/**
	 * Copies the source tenant's articles and chunks into new tenants until the index
	 * holds {@link #TOTAL_CHUNKS}: the small tenant gets the first 1%, the others whole
	 * copies (the last one partial). Each copy's embeddings are perturbed (uniform noise
	 * of ±0.005 per dimension) so that no two tenants hold identical vectors.
	 */
	List<UUID> seed(UUID source, UUID small, long sourceChunks) throws SQLException {
		List<UUID> tenants = new ArrayList<>(List.of(small, source));
		copy(source, small, SMALL_TENANT_CHUNKS);
		long remaining = TOTAL_CHUNKS - SMALL_TENANT_CHUNKS - sourceChunks;
		while (remaining > 0) {
			UUID tenant = UUID.randomUUID();
			copy(source, tenant, (int) Math.min(remaining, sourceChunks));
			remaining -= Math.min(remaining, sourceChunks);
			tenants.add(tenant);
			System.out.printf(Locale.ROOT, "  seeded tenant %d, %d chunks to go%n", tenants.size(), remaining);
		}
		execute("ANALYZE kb.article", "ANALYZE kb.chunk", "ANALYZE kb.term");
		return tenants;
	}

	void copy(UUID source, UUID tenant, int chunks) throws SQLException {
		execute("SET search_path = kb, extensions, public", "SET session_replication_role = replica",
				"CREATE TEMP TABLE picked AS SELECT c.id, c.article_id FROM kb.chunk c WHERE c.tenant_id = '" + source
						+ "' ORDER BY c.article_id, c.ordinal LIMIT " + chunks,
				"CREATE TEMP TABLE article_map AS SELECT old_id, gen_random_uuid() AS new_id"
						+ " FROM (SELECT DISTINCT article_id AS old_id FROM picked) AS articles",
				"INSERT INTO kb.article (id, tenant_id, translation_group, locale, slug, title, body, body_html, tags,"
						+ " visibility, status, revision, published_at, index_status, indexed_at, embedding_model,"
						+ " created_at, updated_at) SELECT m.new_id, '" + tenant + "', m.new_id, a.locale, a.slug,"
						+ " a.title, a.body, a.body_html, a.tags, a.visibility, a.status, a.revision, a.published_at,"
						+ " a.index_status, a.indexed_at, a.embedding_model, a.created_at, a.updated_at"
						+ " FROM kb.article a JOIN article_map m ON m.old_id = a.id",
				"INSERT INTO kb.chunk (id, tenant_id, article_id, ordinal, locale, visibility, title, heading_path,"
						+ " heading, content, content_hash, embedding, embedding_model) SELECT gen_random_uuid(), '"
						+ tenant + "', m.new_id, c.ordinal, c.locale, c.visibility, c.title, c.heading_path, c.heading,"
						+ " c.content, c.content_hash, (SELECT array_agg(x + (random() - 0.5) * 0.01)"
						+ " FROM unnest(c.embedding::real[]) AS x)::vector, c.embedding_model"
						+ " FROM kb.chunk c JOIN picked p ON p.id = c.id JOIN article_map m ON m.old_id = c.article_id",
				"INSERT INTO kb.term (tenant_id, visibility, term) SELECT DISTINCT '" + tenant
						+ "'::uuid, visibility, term FROM kb.term WHERE tenant_id = '" + source
						+ "' ON CONFLICT DO NOTHING");
	}

	/** The eval questions and, as longer queries, the first sentences of some chunks. */
	List<String> queries() throws Exception {
		List<String> queries = new ArrayList<>();
		for (String line : Files.readAllLines(Path.of(System.getProperty("kb.bench.questions")))) {
			if (!line.isBlank()) {
				queries.add(JSON.readTree(line).get("question").asString());
			}
		}
		return queries;
	}

	/**
	 * Recall@10 of the vector leg as search runs it (caller's claims, RLS, HNSW with
	 * iterative scan) against exact nearest neighbours of the same tenant and audience.
	 */
	String recall(UUID tenant, List<String> queries, String label) throws SQLException {
		double recall = 0;
		CallerIdentity customer = CallerIdentity.user(tenant, UUID.randomUUID(), AppRole.CUSTOMER);
		for (String query : queries) {
			SearchService.Ranked ranked = Tenancy.callAs(customer,
					() -> this.search.rank(new SearchRequest(query, null, 10, null, Set.of()), Fusion.RRF));
			Set<UUID> approximate = new HashSet<>();
			ranked.chunks()
				.stream()
				.filter((item) -> item.evidence().containsKey(Leg.VECTOR))
				.sorted((a, b) -> Integer.compare(a.evidence().get(Leg.VECTOR).rank(),
						b.evidence().get(Leg.VECTOR).rank()))
				.limit(10)
				.forEach((item) -> approximate.add(item.chunkId()));
			Set<UUID> exact = exact(tenant, Embeddings.literal(this.embeddings.query(query)));
			approximate.retainAll(exact);
			recall += (double) approximate.size() / exact.size();
		}
		return String.format(Locale.ROOT, "ANN recall@10 vs exact, %s (%d chunks): %.4f over %d queries", label,
				count("SELECT count(*) FROM kb.chunk WHERE tenant_id = '" + tenant + "'"), recall / queries.size(),
				queries.size());
	}

	Set<UUID> exact(UUID tenant, String vector) throws SQLException {
		Set<UUID> ids = new HashSet<>();
		try (Connection admin = TestInfrastructure.get().adminConnection()) {
			admin.setAutoCommit(false);
			try (Statement settings = admin.createStatement()) {
				settings.execute("SET LOCAL search_path = kb, extensions, public");
				settings.execute("SET LOCAL enable_indexscan = off");
			}
			try (PreparedStatement statement = admin.prepareStatement("""
					SELECT id FROM kb.chunk WHERE tenant_id = ? AND visibility IN ('public', 'signed_in')
						AND embedding IS NOT NULL
					ORDER BY embedding <=> ?::vector LIMIT 10""")) {
				statement.setObject(1, tenant);
				statement.setString(2, vector);
				try (ResultSet rs = statement.executeQuery()) {
					while (rs.next()) {
						ids.add(rs.getObject(1, UUID.class));
					}
				}
			}
			admin.rollback();
		}
		return ids;
	}

	/**
	 * Search over HTTP as each tenant's customers, one request after the other (so the
	 * figures are service time, not queueing), after a warm-up.
	 */
	String latency(List<UUID> tenants, UUID small, List<String> queries) {
		Map<UUID, ApiClient> clients = new LinkedHashMap<>();
		for (UUID tenant : tenants) {
			clients.put(tenant, ApiClient.at("http://localhost:" + this.port)
				.withToken(TestJwtIssuer.get().token(tenant, UUID.randomUUID(), AppRole.CUSTOMER)));
		}
		List<UUID> order = new ArrayList<>(clients.keySet());
		int rounds = Integer.getInteger("kb.bench.rounds", 5);
		for (int i = 0; i < queries.size(); i++) {
			clients.get(order.get(i % order.size())).get(path(queries.get(i)));
		}
		List<Double> all = new ArrayList<>();
		List<Double> smallOnly = new ArrayList<>();
		int failures = 0;
		for (int round = 0; round < rounds; round++) {
			for (int i = 0; i < queries.size(); i++) {
				UUID tenant = order.get((i + round) % order.size());
				long start = System.nanoTime();
				int status = clients.get(tenant).get(path(queries.get(i))).status();
				double millis = (System.nanoTime() - start) / 1e6;
				failures += (status == 200) ? 0 : 1;
				all.add(millis);
				if (tenant.equals(small)) {
					smallOnly.add(millis);
				}
			}
		}
		return String.format(Locale.ROOT,
				"Search over HTTP incl. query embedding, %d requests (%d failed): p50 %.1f ms, p95 %.1f ms, p99 %.1f ms;"
						+ " 1%% tenant p95 %.1f ms%n",
				all.size(), failures, percentile(all, 50), percentile(all, 95), percentile(all, 99),
				percentile(smallOnly, 95));
	}

	static String path(String query) {
		return "/api/v1/kb/search?q=" + java.net.URLEncoder.encode(query, java.nio.charset.StandardCharsets.UTF_8);
	}

	static double percentile(List<Double> values, double percentile) {
		if (values.isEmpty()) {
			return Double.NaN;
		}
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
		Arrays.sort(sorted);
		return sorted[(int) Math.min(sorted.length - 1, Math.ceil(percentile / 100 * sorted.length) - 1)];
	}

	static void awaitIndexed(UUID tenant, int articles) throws SQLException, InterruptedException {
		while (count("SELECT count(*) FROM kb.article WHERE tenant_id = '" + tenant
				+ "' AND index_status = 'indexed'") < articles) {
			Thread.sleep(5_000);
		}
	}

	static long count(String sql) throws SQLException {
		try (Connection admin = TestInfrastructure.get().adminConnection();
				Statement statement = admin.createStatement();
				ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

	static void execute(String... statements) throws SQLException {
		try (Connection admin = TestInfrastructure.get().adminConnection();
				Statement statement = admin.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

	static double seconds(long since) {
		return (System.nanoTime() - since) / 1e9;
	}

}
