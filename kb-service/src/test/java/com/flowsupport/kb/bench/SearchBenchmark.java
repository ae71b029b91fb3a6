package com.flowsupport.kb.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

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
import com.flowsupport.kb.search.Leg;
import com.flowsupport.kb.search.SearchProperties;
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
 * {@code kb.bench.chunks} chunks across tenants (copies of the manual's chunks with their
 * embeddings slightly perturbed: one tenant holding 1%, one holding 25%, the others one
 * copy each); then ANN recall@10 of the vector leg (HNSW, iterative scan, row-level
 * security on) against exact search in the same tenant and audience, and search latency
 * over HTTP including the query embedding, with the cache off. Runs only when
 * {@code kb.bench.corpus} names the corpus.
 */
@KbIntegrationTest
@TestPropertySource(properties = { "flowsupport.kb.cache.enabled=false", "logging.level.root=WARN" })
@EnabledIfSystemProperty(named = "kb.bench.corpus", matches = ".+")
class SearchBenchmark {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final int TOTAL_CHUNKS = Integer.getInteger("kb.bench.chunks", 100_000);

	static final int SMALL_TENANT_CHUNKS = TOTAL_CHUNKS / 100;

	static final int LARGE_TENANT_CHUNKS = TOTAL_CHUNKS / 4;

	/** Chunks ai-rag-service retrieves for a question (its flowsupport.rag.passages). */
	static final int RETRIEVE_K = 20;

	/** ann-benchmarks' tolerance of distances for its tie-aware recall. */
	static final double RECALL_EPSILON = 1e-3;

	static final Duration INGEST_TIMEOUT = Duration.ofMinutes(Integer.getInteger("kb.bench.ingest-minutes", 90));

	@Value("${local.server.port}")
	int port;

	@Autowired
	ArticleImporter importer;

	@Autowired
	SearchService search;

	@Autowired
	SearchProperties searchProperties;

	@Autowired
	Embeddings embeddings;

	@Test
	void benchmark() throws Exception {
		Path results = Path.of(System.getProperty("kb.bench.out", "target/kb-bench.txt"));
		StringBuilder out = new StringBuilder();
		out.append(text("SELECT 'PostgreSQL ' || current_setting('server_version') || ': shared_buffers '"
				+ " || current_setting('shared_buffers') || ', effective_cache_size '"
				+ " || current_setting('effective_cache_size')"))
			.append('\n');
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
		int printed = 0;
		out.append(String.format(Locale.ROOT,
				"Ingest: %d articles (%d failed to import), %d chunks in %.0f s: import and chunking %.0f s,"
						+ " embedding through the events %.0f s%n"
						+ "  %.1f chunks/s end to end; %.1f chunks/s embedding alone%n",
				report.imported(), report.failed(), sourceChunks, ingest, imported, ingest - imported,
				sourceChunks / ingest, sourceChunks / (ingest - imported)));
		printed = progress(out, printed);

		UUID small = UUID.randomUUID();
		UUID large = UUID.randomUUID();
		long seeding = System.nanoTime();
		List<UUID> tenants = seed(source, small, large, sourceChunks);
		long total = count("SELECT count(*) FROM kb.chunk");
		out.append(String.format(Locale.ROOT,
				"Seeded in %.0f s: %d chunks across %d tenants; 1%% tenant %d chunks, large tenant %d, the others"
						+ " %d at most (HNSW indexes of the 32 buckets %s; the large tenant's bucket holds %s chunks)%n",
				seconds(seeding), total, tenants.size(), chunksOf(small), chunksOf(large), sourceChunks,
				text("SELECT pg_size_pretty(sum(pg_relation_size(format('kb.%I', indexname)::regclass)))"
						+ " FROM pg_indexes WHERE schemaname = 'kb' AND indexname ~ '^chunk_embedding_[0-9]+_idx$'"),
				text("SELECT count(*) FROM kb.chunk WHERE bucket = kb.tenant_bucket('" + large + "')")));
		printed = progress(out, printed);

		List<String> queries = queries();
		out.append(String.format(Locale.ROOT,
				"ANN recall@10 of the vector leg against exact search (same tenant and audience), %d queries:%n",
				queries.size()));
		out.append(recall(small, queries, "1% tenant")).append('\n');
		out.append(recall(source, queries, "ingested tenant")).append('\n');
		out.append(recall(large, queries, "25% tenant")).append('\n');
		progress(out, printed);
		out.append(latency(tenants, small, large, source, queries));
		System.out.println("\n" + out);
		Files.createDirectories(results.toAbsolutePath().getParent());
		Files.writeString(results, out.toString());
		hold(results);
	}

	/**
	 * Copies the source tenant's articles and chunks into new tenants until the index
	 * holds {@link #TOTAL_CHUNKS}: the small tenant gets the first 1%, the large one
	 * whole copies up to 25% (each copy's articles under other slugs), the others one
	 * copy each (the last one partial). Each copy's embeddings are perturbed (uniform
	 * noise of ±0.005 per dimension) so that no two copies hold identical vectors. The
	 * copies are written with triggers off, so search's word counts are then counted in
	 * one pass over all chunks.
	 */
	List<UUID> seed(UUID source, UUID small, UUID large, long sourceChunks) throws SQLException {
		List<UUID> tenants = new ArrayList<>(List.of(small, source, large));
		copy(source, small, SMALL_TENANT_CHUNKS, 0);
		int copies = 0;
		for (long remaining = LARGE_TENANT_CHUNKS; remaining > 0; remaining -= sourceChunks) {
			copy(source, large, (int) Math.min(remaining, sourceChunks), ++copies);
			progress("  large tenant: copy " + copies + " seeded");
		}
		long remaining = TOTAL_CHUNKS - SMALL_TENANT_CHUNKS - LARGE_TENANT_CHUNKS - sourceChunks;
		while (remaining > 0) {
			UUID tenant = UUID.randomUUID();
			copy(source, tenant, (int) Math.min(remaining, sourceChunks), 0);
			remaining -= Math.min(remaining, sourceChunks);
			tenants.add(tenant);
			progress(String.format(Locale.ROOT, "  seeded tenant %d, %d chunks to go", tenants.size(), remaining));
		}
		execute("TRUNCATE kb.chunk_count, kb.lexeme_count",
				"INSERT INTO kb.chunk_count (tenant_id, visibility, locale, chunks)"
						+ " SELECT tenant_id, visibility, locale, count(*) FROM kb.chunk GROUP BY 1, 2, 3",
				"INSERT INTO kb.lexeme_count (tenant_id, visibility, locale, lexeme, chunks)"
						+ " SELECT tenant_id, visibility, locale, w.lexeme, count(*)"
						+ " FROM kb.chunk, unnest(tsvector_to_array(search)) AS w(lexeme) GROUP BY 1, 2, 3, 4",
				"VACUUM ANALYZE kb.article", "VACUUM ANALYZE kb.chunk", "VACUUM ANALYZE kb.term",
				"VACUUM ANALYZE kb.chunk_count", "VACUUM ANALYZE kb.lexeme_count");
		return tenants;
	}

	/**
	 * Copies the first {@code chunks} chunks of the source (in article order) with their
	 * articles into {@code tenant}, as copy number {@code copy} (a suffix of the slugs
	 * after the first).
	 */
	void copy(UUID source, UUID tenant, int chunks, int copy) throws SQLException {
		String slug = (copy > 1) ? "a.slug || '-" + copy + "'" : "a.slug";
		execute("SET search_path = kb, extensions, public", "SET session_replication_role = replica",
				"CREATE TEMP TABLE picked AS SELECT c.id, c.article_id FROM kb.chunk c WHERE c.tenant_id = '" + source
						+ "' ORDER BY c.article_id, c.ordinal LIMIT " + chunks,
				"CREATE TEMP TABLE article_map AS SELECT old_id, gen_random_uuid() AS new_id"
						+ " FROM (SELECT DISTINCT article_id AS old_id FROM picked) AS articles",
				"INSERT INTO kb.article (id, tenant_id, translation_group, locale, slug, title, body, body_html, tags,"
						+ " visibility, status, revision, published_at, index_status, indexed_at, embedding_model,"
						+ " created_at, updated_at) SELECT m.new_id, '" + tenant + "', m.new_id, a.locale, " + slug
						+ ", a.title, a.body, a.body_html, a.tags, a.visibility, a.status, a.revision, a.published_at,"
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

	/** The eval questions: customers' wording, paraphrases, keywords with typos. */
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
	 * Recall@10 of the vector leg as search runs it (a customer's claims, RLS, HNSW with
	 * iterative scan) against the exact nearest neighbours of the same tenant and
	 * audience: the mean over the queries, the worst query, and how many queries found
	 * all ten. Next to it the tie-aware figure as ann-benchmarks defines it: a returned
	 * chunk counts when its distance is within {@link #RECALL_EPSILON} of the exact
	 * tenth's. This benchmark's copies of a chunk lie ~0.002 apart, so the exact top 10
	 * is full of near-ties, and the strict figure counts a copy found instead of an
	 * equally near one as a miss.
	 */
	String recall(UUID tenant, List<String> queries, String label) throws SQLException {
		List<Double> recalls = new ArrayList<>();
		List<Double> tieAware = new ArrayList<>();
		CallerIdentity customer = CallerIdentity.user(tenant, UUID.randomUUID(), AppRole.CUSTOMER);
		for (String query : queries) {
			SearchService.Ranked ranked = Tenancy.callAs(customer,
					() -> this.search.rank(new SearchRequest(query, null, 10, null, Set.of()), this.searchProperties));
			Map<UUID, Double> approximate = new LinkedHashMap<>();
			ranked.chunks()
				.stream()
				.filter((item) -> item.evidence().containsKey(Leg.VECTOR))
				.sorted((a, b) -> Integer.compare(a.evidence().get(Leg.VECTOR).rank(),
						b.evidence().get(Leg.VECTOR).rank()))
				.limit(10)
				.forEach((item) -> approximate.put(item.chunkId(), 1 - item.evidence().get(Leg.VECTOR).score()));
			// The vector leg embeds the query with the tenant's corrections of its typos.
			Map<UUID, Double> exact = exact(tenant, Embeddings.literal(this.embeddings.query(ranked.vectorQuery())));
			double tenth = exact.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
			recalls.add((double) approximate.keySet().stream().filter(exact::containsKey).count() / exact.size());
			tieAware.add((double) approximate.values().stream().filter((d) -> d <= tenth + RECALL_EPSILON).count()
					/ exact.size());
		}
		return String.format(Locale.ROOT,
				"  %-16s (%6d chunks): recall@10 %.4f (worst query %.1f, %d of %d all ten); tie-aware (ε %.0e) %.4f"
						+ " (worst query %.1f)",
				label, chunksOf(tenant), mean(recalls), min(recalls), recalls.stream().filter((r) -> r == 1.0).count(),
				recalls.size(), RECALL_EPSILON, mean(tieAware), min(tieAware));
	}

	static double mean(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
	}

	static double min(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
	}

	/** The exact ten nearest chunks of the tenant's customers, with their distances. */
	Map<UUID, Double> exact(UUID tenant, String vector) throws SQLException {
		Map<UUID, Double> nearest = new LinkedHashMap<>();
		try (Connection admin = TestInfrastructure.get().adminConnection()) {
			admin.setAutoCommit(false);
			try (Statement settings = admin.createStatement()) {
				settings.execute("SET LOCAL search_path = kb, extensions, public");
				settings.execute("SET LOCAL enable_indexscan = off");
			}
			try (PreparedStatement statement = admin.prepareStatement("""
					SELECT id, embedding <=> ?::vector AS distance FROM kb.chunk
					WHERE tenant_id = ? AND visibility IN ('public', 'signed_in') AND embedding IS NOT NULL
					ORDER BY embedding <=> ?::vector LIMIT 10""")) {
				statement.setString(1, vector);
				statement.setObject(2, tenant);
				statement.setString(3, vector);
				try (ResultSet rs = statement.executeQuery()) {
					while (rs.next()) {
						nearest.put(rs.getObject(1, UUID.class), rs.getDouble(2));
					}
				}
			}
			admin.rollback();
		}
		return nearest;
	}

	/**
	 * Search over HTTP as the tenants' customers, one request after the other (so the
	 * figures are service time, not queueing), after two warm-up passes: every query in
	 * turn to every tenant for {@code kb.bench.rounds} rounds, then two passes of every
	 * query to the 1% tenant, to the 25% tenant, and to the ingested tenant both as
	 * search and as the retrieval API ai-rag-service calls ({@link #RETRIEVE_K} chunks).
	 * Then, for where the time goes, the same search in-process (no HTTP), on a platform
	 * thread and on a virtual thread as requests are served, and the query embedding
	 * alone.
	 */
	String latency(List<UUID> tenants, UUID small, UUID large, UUID source, List<String> queries) {
		Map<UUID, ApiClient> clients = new LinkedHashMap<>();
		for (UUID tenant : tenants) {
			clients.put(tenant, ApiClient.at("http://localhost:" + this.port)
				.withToken(TestJwtIssuer.get().token(tenant, UUID.randomUUID(), AppRole.CUSTOMER)));
		}
		List<UUID> order = new ArrayList<>(clients.keySet());
		int[] failures = { 0 };
		for (int pass = 0; pass < 2; pass++) {
			for (int i = 0; i < queries.size(); i++) {
				time(clients.get(order.get((i + pass) % order.size())), queries.get(i), failures);
			}
		}
		failures[0] = 0;
		int rounds = Integer.getInteger("kb.bench.rounds", 5);
		List<Double> all = new ArrayList<>();
		List<Double> roundP95 = new ArrayList<>();
		for (int round = 0; round < rounds; round++) {
			List<Double> thisRound = new ArrayList<>();
			for (int i = 0; i < queries.size(); i++) {
				thisRound.add(time(clients.get(order.get((i + round) % order.size())), queries.get(i), failures));
			}
			all.addAll(thisRound);
			roundP95.add(percentile(thisRound, 95));
		}
		List<Double> smallOnly = new ArrayList<>();
		List<Double> largeOnly = new ArrayList<>();
		List<Double> sourceSearch = new ArrayList<>();
		List<Double> sourceRetrieval = new ArrayList<>();
		for (int pass = 0; pass < 2; pass++) {
			for (String query : queries) {
				smallOnly.add(time(clients.get(small), query, failures));
				largeOnly.add(time(clients.get(large), query, failures));
				sourceSearch.add(time(clients.get(source), query, failures));
				sourceRetrieval.add(timeRetrieval(clients.get(source), query, failures));
			}
		}
		CallerIdentity customer = CallerIdentity.user(large, UUID.randomUUID(), AppRole.CUSTOMER);
		// The 25% tenant in-process, its searches taking turns with the 1% and the
		// ingested
		// tenant's as over HTTP above (the retrieval there is a search here): against the
		// figure over HTTP, the HTTP path's own cost.
		Map<UUID, CallerIdentity> customers = new LinkedHashMap<>();
		for (UUID tenant : List.of(small, large, source)) {
			customers.put(tenant, CallerIdentity.user(tenant, UUID.randomUUID(), AppRole.CUSTOMER));
		}
		List<Double> largeInTurn = new ArrayList<>();
		for (int pass = 0; pass < 2; pass++) {
			for (String query : queries) {
				searchOnce(customers.get(small), query);
				largeInTurn.add(searchOnce(customers.get(large), query));
				searchOnce(customers.get(source), query);
				searchOnce(customers.get(source), query);
			}
		}
		List<Double> inProcess = searchInProcess(customer, queries);
		// Requests are served on virtual threads (spring.threads.virtual.enabled).
		List<List<Double>> onVirtualThread = new ArrayList<>();
		try {
			Thread.ofVirtual().start(() -> onVirtualThread.add(searchInProcess(customer, queries))).join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		String candidateLists = candidateLists(order, queries);
		List<Double> embedding = new ArrayList<>();
		for (int pass = 0; pass < 2; pass++) {
			for (String query : queries) {
				long start = System.nanoTime();
				this.embeddings.query(query);
				embedding.add((System.nanoTime() - start) / 1e6);
			}
		}
		StringBuilder out = new StringBuilder();
		out.append(String.format(Locale.ROOT,
				"Search over HTTP (GET /api/v1/kb/search as a customer, cache off, one request at a time)"
						+ " incl. query embedding, %d failed:%n",
				failures[0]));
		out.append(line("all tenants in turn", all));
		out.append(String.format(Locale.ROOT, "    p95 of each round: %s; median %.1f ms%n",
				roundP95.stream().map((v) -> String.format(Locale.ROOT, "%.1f", v)).toList(),
				percentile(roundP95, 50)));
		out.append(line("1% tenant", smallOnly));
		out.append(line("25% tenant", largeOnly));
		out.append(line("ingested tenant, search", sourceSearch));
		out.append(line("ingested tenant, retrieval (k " + RETRIEVE_K + ")", sourceRetrieval));
		out.append("  where the time goes:\n");
		out.append(line("search in-process, 25% tenant, in turn as over HTTP", largeInTurn));
		out.append(line("search in-process (no HTTP), 25% tenant", inProcess));
		out.append(line("the same on a virtual thread", onVirtualThread.get(0)));
		out.append(line("query embedding alone (in-process)", embedding));
		out.append(candidateLists);
		return out.toString();
	}

	/**
	 * Settings compared paired: the vector leg's HNSW candidate list sized for the
	 * tenant's bucket (the settings) against the largest list for every bucket, and the
	 * vector leg's candidates (the settings) against as many as a lexical leg's.
	 */
	String candidateLists(List<UUID> tenants, List<String> queries) {
		SearchProperties p = this.searchProperties;
		SearchProperties largestList = new SearchProperties(p.fusion(), p.candidates(), p.vectorCandidates(),
				p.lexicalCandidates(), p.rrfK(), p.textWeight(), p.typoWeight(), p.vectorWeight(),
				p.furtherPassageWeight(), p.furtherPassages(), p.passagesPerArticle(), p.efSearch(), p.efSearch(),
				p.chunksPerEfSearch(), p.typoSimilarity(), p.publicBaseUrl());
		SearchProperties fewerVectorCandidates = new SearchProperties(p.fusion(), p.candidates(), p.candidates(),
				p.lexicalCandidates(), p.rrfK(), p.textWeight(), p.typoWeight(), p.vectorWeight(),
				p.furtherPassageWeight(), p.furtherPassages(), p.passagesPerArticle(), p.efSearch(), p.efSearchMin(),
				p.chunksPerEfSearch(), p.typoSimilarity(), p.publicBaseUrl());
		return paired(tenants, queries, "ranking in-process, list sized by bucket", p,
				"the same, list of " + p.efSearch() + " for every bucket", largestList)
				+ paired(tenants, queries, "ranking in-process, " + p.vectorCandidates() + " vector candidates", p,
						"the same, " + p.candidates() + " vector candidates", fewerVectorCandidates);
	}

	/**
	 * Two settings searched in-process, query by query over all tenants in turn, the two
	 * one right after the other (in alternating order), so that a machine whose speed
	 * drifts during a run affects both alike. Two passes.
	 */
	String paired(List<UUID> tenants, List<String> queries, String label, SearchProperties settings, String otherLabel,
			SearchProperties other) {
		List<Double> times = new ArrayList<>();
		List<Double> otherTimes = new ArrayList<>();
		List<Double> differences = new ArrayList<>();
		for (int pass = 0; pass < 2; pass++) {
			for (int i = 0; i < queries.size(); i++) {
				CallerIdentity caller = CallerIdentity.user(tenants.get((i + pass) % tenants.size()), UUID.randomUUID(),
						AppRole.CUSTOMER);
				SearchRequest request = new SearchRequest(queries.get(i), null, 10, null, Set.of());
				boolean settingsFirst = (i + pass) % 2 == 0;
				double first = rankTime(caller, request, settingsFirst ? settings : other);
				double second = rankTime(caller, request, settingsFirst ? other : settings);
				times.add(settingsFirst ? first : second);
				otherTimes.add(settingsFirst ? second : first);
				differences.add(otherTimes.get(otherTimes.size() - 1) - times.get(times.size() - 1));
			}
		}
		return line(label, times) + line(otherLabel, otherTimes)
				+ String.format(Locale.ROOT,
						"    paired difference (the latter - the former): median %.1f ms, p95 %.1f ms%n",
						percentile(differences, 50), percentile(differences, 95));
	}

	double rankTime(CallerIdentity caller, SearchRequest request, SearchProperties settings) {
		long start = System.nanoTime();
		Tenancy.callAs(caller, () -> this.search.rank(request, settings));
		return (System.nanoTime() - start) / 1e6;
	}

	/** Two passes of the queries, searched in-process as the caller, in milliseconds. */
	List<Double> searchInProcess(CallerIdentity caller, List<String> queries) {
		List<Double> millis = new ArrayList<>();
		for (int pass = 0; pass < 2; pass++) {
			for (String query : queries) {
				millis.add(searchOnce(caller, query));
			}
		}
		return millis;
	}

	/** One search in-process as the caller, in milliseconds. */
	double searchOnce(CallerIdentity caller, String query) {
		long start = System.nanoTime();
		Tenancy.callAs(caller, () -> this.search.search(new SearchRequest(query, null, 10, null, Set.of())));
		return (System.nanoTime() - start) / 1e6;
	}

	double time(ApiClient client, String query, int[] failures) {
		return timed(() -> client.get(path(query)), failures);
	}

	/** {@code POST /api/v1/kb/retrieve} as ai-rag-service asks it. */
	double timeRetrieval(ApiClient client, String query, int[] failures) {
		return timed(() -> client.post("/api/v1/kb/retrieve", Map.of("query", query, "k", RETRIEVE_K)), failures);
	}

	/** Milliseconds a request took; counts it in {@code failures} unless answered 200. */
	static double timed(Supplier<ApiClient.Response> request, int[] failures) {
		long start = System.nanoTime();
		int status = request.get().status();
		double millis = (System.nanoTime() - start) / 1e6;
		failures[0] += (status == 200) ? 0 : 1;
		return millis;
	}

	static String line(String label, List<Double> millis) {
		return String.format(Locale.ROOT, "  %-42s %5d requests: p50 %6.1f  p95 %6.1f  p99 %6.1f  max %6.1f ms%n",
				label, millis.size(), percentile(millis, 50), percentile(millis, 95), percentile(millis, 99),
				percentile(millis, 100));
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
		return sorted[(int) Math.max(0, Math.min(sorted.length - 1, Math.ceil(percentile / 100 * sorted.length) - 1))];
	}

	/**
	 * Until every imported article is indexed; failed attempts are retried by the service
	 * itself, so only the time limit ends the wait early.
	 */
	static void awaitIndexed(UUID tenant, int articles) throws SQLException, InterruptedException {
		long deadline = System.nanoTime() + INGEST_TIMEOUT.toNanos();
		long indexed;
		while ((indexed = count("SELECT count(*) FROM kb.article WHERE tenant_id = '" + tenant
				+ "' AND index_status = 'indexed'")) < articles) {
			String states = text("SELECT string_agg(index_status || ' ' || n, ', ') FROM (SELECT index_status,"
					+ " count(*) AS n FROM kb.article WHERE tenant_id = '" + tenant + "' GROUP BY 1 ORDER BY 1) s");
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Articles not indexed after " + INGEST_TIMEOUT + ": " + states);
			}
			progress("  ingest: " + indexed + " of " + articles + " articles indexed (" + states + ")");
			Thread.sleep(10_000);
		}
	}

	/**
	 * Keeps the service and its database up for {@code kb.bench.hold-seconds}, to look at
	 * plans by hand, or until a file {@code <results>.release} appears.
	 */
	static void hold(Path results) throws InterruptedException {
		long deadline = System.nanoTime()
				+ Duration.ofSeconds(Integer.getInteger("kb.bench.hold-seconds", 0)).toNanos();
		Path release = results.resolveSibling(results.getFileName() + ".release");
		if (System.nanoTime() < deadline) {
			progress("Holding: database " + TestInfrastructure.get().jdbcUrl() + "; touch " + release + " to end");
		}
		while (System.nanoTime() < deadline && !Files.exists(release)) {
			Thread.sleep(1_000);
		}
	}

	static long chunksOf(UUID tenant) throws SQLException {
		return count("SELECT count(*) FROM kb.chunk WHERE tenant_id = '" + tenant + "'");
	}

	/** Prints what {@code out} holds past {@code printed}; answers its new length. */
	static int progress(StringBuilder out, int printed) {
		progress(out.substring(printed));
		return out.length();
	}

	static void progress(String message) {
		System.out.println(java.time.LocalTime.now().withNano(0) + " " + message.strip());
	}

	static long count(String sql) throws SQLException {
		return Long.parseLong(text(sql));
	}

	static String text(String sql) throws SQLException {
		try (Connection admin = TestInfrastructure.get().adminConnection();
				Statement statement = admin.createStatement();
				ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return String.valueOf(rs.getString(1));
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
