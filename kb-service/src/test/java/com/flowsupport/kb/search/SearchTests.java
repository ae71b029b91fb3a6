package com.flowsupport.kb.search;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import com.flowsupport.kb.KbApi;
import com.flowsupport.kb.KbIntegrationTest;
import com.flowsupport.kb.OwnerSql;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.test.FlowSupportTestInitializer;
import com.flowsupport.shared.test.TestInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@KbIntegrationTest
class SearchTests {

	static final Duration PATIENCE = Duration.ofSeconds(30);

	@Value("${local.server.port}")
	int port;

	@Autowired
	SearchService search;

	@Autowired
	SearchProperties properties;

	UUID tenant;

	KbApi agent;

	KbApi customer;

	@BeforeEach
	void tenant() {
		this.tenant = UUID.randomUUID();
		this.agent = KbApi.as(this.port, this.tenant, AppRole.AGENT);
		this.customer = KbApi.as(this.port, this.tenant, AppRole.CUSTOMER);
	}

	@Test
	void findsArticlesByWordsByTyposAndByMeaningWithEvidenceOfEachLeg() {
		String password = this.agent.published("Resetting your password", """
				## Forgotten password
				Open the sign-in page and choose *Forgot password*. We email you a link that works for 30 minutes.
				""", "public").get("id").asString();
		this.agent.published("Shipping times", "Parcels leave our warehouse within two working days.", "public");
		this.agent.published("Cancelling a subscription", "Open billing settings and cancel the plan.", "public");
		awaitIndexed(3);
		JsonNode words = this.customer.search("forgot password");
		assertThat(ids(words).get(0)).isEqualTo(password);
		JsonNode top = words.get("items").get(0);
		assertThat(top.get("snippet").asString()).contains("<mark>");
		assertThat(top.get("headingPath").get(0).asString()).isEqualTo("Forgotten password");
		assertThat(top.get("evidence").get("text").get("rank").asInt()).isEqualTo(1);
		assertThat(top.get("evidence").get("vector").get("score").asDouble()).isPositive();
		JsonNode typo = this.customer.search("pasword resset");
		assertThat(ids(typo).subList(0, 2)).contains(password);
		assertThat(typo.get("corrections").toString()).contains("password");
		JsonNode corrected = typo.get("items").get(ids(typo).indexOf(password));
		assertThat(corrected.get("evidence").get("typo").get("rank").asInt()).isEqualTo(1);
		assertThat(corrected.get("evidence").get("text").isNull()).as("no word of the query is spelt right").isTrue();
		JsonNode meaning = this.customer.search("I can't log in, I lost my credentials");
		assertThat(ids(meaning).get(0)).isEqualTo(password);
		JsonNode retrieved = this.customer
			.post("/api/v1/kb/retrieve", Map.of("query", "how long does delivery take", "k", 2))
			.json();
		assertThat(retrieved.get("chunks").get(0).get("title").asString()).isEqualTo("Shipping times");
		assertThat(retrieved.get("chunks").get(0).get("text").asString()).contains("two working days");
		assertThat(retrieved.get("chunks").get(0).get("url").asString()).endsWith(retrievedArticle(retrieved));
		assertThat(this.customer.get("/api/v1/kb/search?q=").status()).isEqualTo(422);
	}

	@Test
	void internalArticlesNeverReachCustomersNorTheirRetrievalNorTheSql() throws SQLException {
		String internal = this.agent
			.published("Refund override procedure", "Agents may override refunds with the secret supervisor code.",
					"internal")
			.get("id")
			.asString();
		String signedIn = this.agent
			.published("Refund status for members", "Members see the refund status in their account.", "signed_in")
			.get("id")
			.asString();
		String open = this.agent.published("Refund policy", "Refunds are paid within 5 days.", "public")
			.get("id")
			.asString();
		awaitIndexed(3);
		assertThat(ids(this.agent.search("refund supervisor code"))).contains(internal, signedIn, open);
		List<String> customerSees = ids(this.customer.search("refund supervisor code"));
		assertThat(customerSees).contains(signedIn, open).doesNotContain(internal);
		assertThat(this.customer.get("/api/v1/kb/articles/" + internal).status()).isEqualTo(404);
		JsonNode asPublic = this.agent
			.post("/api/v1/kb/retrieve", Map.of("query", "refund override", "audience", "public"))
			.json();
		assertThat(asPublic.toString()).doesNotContain(internal).doesNotContain(signedIn);
		assertThat(
				this.customer.post("/api/v1/kb/retrieve", Map.of("query", "refund", "audience", "internal")).status())
			.as("an audience is narrowed, never widened")
			.isEqualTo(403);
		assertThat(this.customer.get("/api/v1/kb/search?q=supervisor").body()).doesNotContain("supervisor code");
		// The database itself, as the runtime role, with a customer's and a visitor's
		// claims.
		for (String claims : List.of(
				"{\"tenant_id\":\"" + this.tenant + "\",\"app_role\":\"customer\",\"role\":\"authenticated\"}",
				"{\"tenant_id\":\"" + this.tenant + "\",\"app_role\":\"customer\",\"role\":\"anon\"}")) {
			assertThat(sql(claims, "SELECT visibility FROM kb.article UNION ALL SELECT visibility FROM kb.chunk"
					+ " UNION ALL SELECT visibility FROM kb.term UNION ALL SELECT 'version' FROM kb.article_version"))
				.isNotEmpty()
				.doesNotContain("internal", "version");
			assertThat(sql(claims, "SELECT term FROM kb.term WHERE term = 'supervisor'")).isEmpty();
		}
		assertThat(sql("{\"tenant_id\":\"" + this.tenant + "\",\"app_role\":\"customer\",\"role\":\"anon\"}",
				"SELECT visibility FROM kb.chunk"))
			.containsOnly("public");
		assertThat(sql("", "SELECT id::text FROM kb.chunk")).as("no claims, no rows").isEmpty();
	}

	@Test
	void searchNeverCrossesTenants() throws SQLException {
		this.agent.published("Printer on fire", "Unplug the printer and call us.", "public");
		KbApi stranger = KbApi.as(this.port, UUID.randomUUID(), AppRole.ADMIN);
		stranger.published("Our own printer guide", "Paper jams happen.", "public");
		awaitIndexed(1);
		assertThat(stranger.search("printer fire unplug").toString()).doesNotContain("Printer on fire");
		assertThat(this.agent.search("printer").toString()).doesNotContain("Our own printer guide");
		assertThat(sql("{\"tenant_id\":\"" + stranger.tenantId() + "\",\"app_role\":\"admin\"}",
				"SELECT title FROM kb.chunk WHERE tenant_id = '" + this.tenant + "'"))
			.isEmpty();
	}

	/**
	 * Search weighs words by counts kept as chunks are written: they stay equal to a
	 * count over the chunks through publishing, editing, a change of audience and
	 * unpublishing, and row-level security keeps them to the tenant and the audience.
	 */
	@Test
	void wordCountsFollowTheChunksAndTheirReaders() throws SQLException {
		String toner = this.agent
			.published("Replacing the toner", "Open the front cover and pull the toner cartridge out.", "public")
			.get("id")
			.asString();
		String jam = this.agent.published("Paper jams", "Remove the jammed paper behind the toner door.", "public")
			.get("id")
			.asString();
		this.agent.published("Toner discount codes", "Agents may give the supervisor toner code.", "internal");
		assertCountsMatchChunks();
		assertThat(sql(customerClaims(), "SELECT chunks::text FROM kb.lexeme_count WHERE lexeme = 'toner'"))
			.as("a customer counts the public chunks only")
			.containsExactly("2");
		assertThat(sql(customerClaims(), "SELECT lexeme FROM kb.lexeme_count WHERE lexeme = 'supervisor'")).isEmpty();
		assertThat(sql("{\"tenant_id\":\"" + UUID.randomUUID() + "\",\"app_role\":\"admin\"}",
				"SELECT lexeme FROM kb.lexeme_count UNION ALL SELECT locale FROM kb.chunk_count"))
			.as("another tenant sees none of them")
			.isEmpty();
		assertThat(this.agent.patch(toner, Map.of("body", "Lift the lid and swap the cartridge.")).status())
			.isEqualTo(200);
		assertThat(this.agent.patch(jam, Map.of("visibility", "signed_in")).status()).isEqualTo(200);
		assertCountsMatchChunks();
		assertThat(this.agent.patch(jam, Map.of("status", "archived")).status()).isEqualTo(200);
		assertCountsMatchChunks();
		assertThat(sql(customerClaims(), "SELECT lexeme FROM kb.lexeme_count WHERE lexeme IN ('jam', 'toner')"))
			.as("words of unpublished chunks are no longer counted")
			.containsExactly("toner");
		assertThat(this.agent.patch(jam, Map.of("status", "published")).status()).isEqualTo(200);
		assertCountsMatchChunks();
	}

	/**
	 * The vector leg walks the HNSW index of its tenant's bucket: its bucket condition is
	 * one from which the planner proves that partial index's predicate. Were it not,
	 * every search would read all of a large tenant's chunks instead, and no result would
	 * show it. (The planner would read them anyway for a tenant this small, were the
	 * other plans not ruled out here.)
	 */
	@Test
	void theVectorLegWalksTheIndexOfItsTenantsBucket() throws SQLException {
		this.agent.published("Resetting your password", "Choose Forgot password on the sign-in page.", "public");
		awaitIndexed(1);
		String vector = "[" + String.join(",", Collections.nCopies(384, "0.05")) + "]";
		String explain = "EXPLAIN " + HybridSearch.VECTOR_LEG.replace(":tenantId", "'" + this.tenant + "'::uuid")
			.replace(":audiences", "ARRAY['public', 'signed_in']")
			.replace(":locale", "NULL")
			.replace(":vector", "'" + vector + "'")
			.replace(":perLeg", "40");
		String bucket = OwnerSql.rows("SELECT kb.tenant_bucket('" + this.tenant + "')::text").get(0);
		List<String> plan = sql(customerClaims(), List.of("SET LOCAL search_path = kb, extensions",
				"SET LOCAL enable_seqscan = off", "SET LOCAL enable_bitmapscan = off"), explain);
		assertThat(String.join("\n", plan)).contains("Index Scan using chunk_embedding_" + bucket + "_idx");
		assertThat(OwnerSql.rows("SELECT count(*)::text FROM pg_indexes WHERE schemaname = 'kb'"
				+ " AND indexname ~ '^chunk_embedding_[0-9]+_idx$' AND indexdef LIKE '%hnsw%'"))
			.as("an HNSW index for every bucket")
			.containsExactly("32");
	}

	/**
	 * The vector leg's HNSW candidate list is sized for the graph of the tenant's bucket,
	 * as the runtime role reads its size from the catalog: two entries per chunk here (so
	 * that a size not found, which gives the smallest list, cannot pass for it), and the
	 * smallest list for a bucket as small as a test's.
	 */
	@Test
	void theVectorLegsCandidateListGrowsWithItsBucket() throws SQLException {
		this.agent.published("Resetting your password", "Choose Forgot password on the sign-in page.", "public");
		awaitIndexed(1);
		OwnerSql.execute("ANALYZE kb.chunk");
		int chunks = Integer.parseInt(
				OwnerSql
					.rows("SELECT ceil(reltuples)::int::text FROM pg_class WHERE oid = to_regclass("
							+ "'kb.chunk_embedding_' || kb.tenant_bucket('" + this.tenant + "') || '_idx')")
					.get(0));
		assertThat(chunks).isPositive();
		assertThat(efSearch("1000", "1", "0.5")).isEqualTo(Integer.toString(Math.min(1000, 2 * chunks)));
		assertThat(efSearch("600", "200", "40")).isEqualTo("200");
	}

	/**
	 * The vector leg hands fusion more chunks than a lexical leg does (40), so that an
	 * article's further passages close in meaning are counted: all 50 sections of an
	 * article that each speak to the query.
	 */
	@Test
	void theVectorLegContributesMoreChunksThanALexicalLeg() {
		StringBuilder body = new StringBuilder();
		for (int step = 1; step <= 50; step++) {
			body.append("## Step ")
				.append(step)
				.append(" of the router setup\n\nPress the reset button on the router for ")
				.append(step)
				.append(" seconds, then wait for the light.\n\n");
		}
		this.agent.published("Router setup", body.toString(), "public");
		awaitIndexed(1);
		assertThat(this.properties.candidates()).isLessThan(50);
		assertThat(this.properties.vectorCandidates()).isGreaterThan(50);
		SearchService.Ranked ranked = Tenancy
			.callAs(CallerIdentity.user(this.tenant, UUID.randomUUID(), AppRole.CUSTOMER), () -> this.search
				.rank(new SearchRequest("router reset button", null, 10, null, Set.of()), this.properties));
		assertThat(ranked.chunks().stream().filter((chunk) -> chunk.evidence().containsKey(Leg.VECTOR))).hasSize(50);
	}

	String efSearch(String efMax, String efMin, String chunksPerEf) throws SQLException {
		String settings = HybridSearch.VECTOR_LEG_SETTINGS.replace(":efMax", efMax)
			.replace(":efMin", efMin)
			.replace(":chunksPerEf", chunksPerEf + "::float8")
			.replace(":tenantId", "'" + this.tenant + "'::uuid");
		return sql(customerClaims(), List.of("SET LOCAL search_path = kb, extensions", settings),
				"SELECT current_setting('hnsw.ef_search')")
			.get(0);
	}

	/**
	 * The corrections look up each query word's stems on the word counts' key, under
	 * row-level security. A condition there that calls a function which is not leakproof
	 * is kept out of the index scan and filters every count of the tenant instead, which
	 * no result would show either. The tenant gets the word counts of a large knowledge
	 * base, for which the planner reads a few keys rather than filter them all.
	 */
	@Test
	void correctionsLookUpStemsOnTheWordCountsKey() throws SQLException {
		this.agent.published("Resetting your password", "Choose Forgot password on the sign-in page.", "public");
		awaitIndexed(1);
		OwnerSql.execute("INSERT INTO kb.lexeme_count (tenant_id, visibility, locale, lexeme, chunks) SELECT '"
				+ this.tenant + "', v, 'en', 'word' || n, 1 FROM generate_series(1, 20000) AS n,"
				+ " unnest(ARRAY['public', 'internal']) AS v", "ANALYZE kb.lexeme_count");
		String explain = "EXPLAIN " + HybridSearch.CORRECTIONS.replace(":tenantId", "'" + this.tenant + "'::uuid")
			.replace(":audiences", "ARRAY['public', 'signed_in']")
			.replace(":queryLocale", "'en'")
			.replace(":query", "'passwords refused by the sgin-in page'")
			.replace(":wordsMax", "32");
		List<String> plan = sql(customerClaims(), List.of("SET LOCAL search_path = kb, extensions, public",
				"SET LOCAL enable_seqscan = off", "SET LOCAL enable_bitmapscan = off"), explain);
		assertThat(String.join("\n", plan)).containsPattern("Index Only Scan using lexeme_count_pkey on lexeme_count")
			.containsPattern("Index Cond: \\(.*lexeme = ANY \\(");
	}

	String customerClaims() {
		return "{\"tenant_id\":\"" + this.tenant + "\",\"app_role\":\"customer\",\"role\":\"authenticated\"}";
	}

	/** The tenant's kept counts against a count over its chunks, as the owner. */
	void assertCountsMatchChunks() throws SQLException {
		String tenant = "'" + this.tenant + "'";
		String kept = "SELECT visibility, locale, lexeme, chunks FROM kb.lexeme_count WHERE tenant_id = " + tenant
				+ " UNION ALL SELECT visibility, locale, '', chunks FROM kb.chunk_count WHERE tenant_id = " + tenant;
		String counted = "SELECT visibility, locale, lexeme, count(*) FROM kb.chunk,"
				+ " unnest(tsvector_to_array(search)) AS lexeme WHERE tenant_id = " + tenant + " GROUP BY 1, 2, 3"
				+ " UNION ALL SELECT visibility, locale, '', count(*) FROM kb.chunk WHERE tenant_id = " + tenant
				+ " GROUP BY 1, 2";
		assertThat(OwnerSql.rows("SELECT count(*)::text FROM kb.chunk WHERE tenant_id = " + tenant))
			.doesNotContain("0");
		assertThat(OwnerSql.rows("SELECT 'kept ' || k::text FROM ((" + kept + ") EXCEPT (" + counted + ")) k"
				+ " UNION ALL SELECT 'counted ' || c::text FROM ((" + counted + ") EXCEPT (" + kept + ")) c"))
			.as("kept counts differing from the chunks")
			.isEmpty();
	}

	@Test
	void relatedArticlesAreAboutTheSameThing() {
		String article = this.agent
			.published("Changing your delivery address",
					"Open your order and edit the delivery address before it ships.", "public")
			.get("id")
			.asString();
		String related = this.agent
			.published("Where is my parcel?", "Track the delivery of your order from the order page.", "public")
			.get("id")
			.asString();
		this.agent.published("Choosing a strong password", "Use a long passphrase.", "public");
		awaitIndexed(3);
		List<String> neighbours = ids(this.customer.get("/api/v1/kb/articles/" + article + "/related").json());
		assertThat(neighbours).doesNotContain(article).startsWith(related);
		assertThat(ids(this.agent
			.post("/api/v1/kb/related", Map.of("text",
					"Subject: wrong address. Hi, I typed the wrong delivery address on my order, can you change it?"))
			.json())).startsWith(article);
	}

	void awaitIndexed(int articles) {
		await().atMost(PATIENCE).until(() -> {
			JsonNode items = this.agent.get("/api/v1/kb/articles?status=published").json().get("items");
			return items.size() >= articles && StreamSupport.stream(items.spliterator(), false)
				.allMatch((item) -> "indexed".equals(this.agent.get("/api/v1/kb/articles/" + item.get("id").asString())
					.json()
					.get("index")
					.get("status")
					.asString()));
		});
	}

	static String retrievedArticle(JsonNode retrieved) {
		return retrieved.get("chunks").get(0).get("articleId").asString();
	}

	static List<String> ids(JsonNode results) {
		return StreamSupport.stream(results.get("items").spliterator(), false)
			.map((item) -> item.get("articleId").asString())
			.toList();
	}

	/** Rows of a query run as kb-service's runtime role with these claims. */
	static List<String> sql(String claims, String query) throws SQLException {
		return sql(claims, List.of(), query);
	}

	/**
	 * Rows of a query run as kb-service's runtime role with these claims, after
	 * {@code settings} (statements) in the same transaction.
	 */
	static List<String> sql(String claims, List<String> settings, String query) throws SQLException {
		List<String> rows = new ArrayList<>();
		try (Connection app = TestInfrastructure.get().connectAs("kb_app", FlowSupportTestInitializer.ROLE_PASSWORD);
				Statement statement = app.createStatement()) {
			app.setAutoCommit(false);
			statement.execute("SELECT set_config('request.jwt.claims', '" + claims + "', true)");
			for (String setting : settings) {
				statement.execute(setting);
			}
			try (ResultSet result = statement.executeQuery(query)) {
				while (result.next()) {
					rows.add(result.getString(1));
				}
			}
			app.rollback();
		}
		return rows;
	}

}
