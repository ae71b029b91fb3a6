package com.flowsupport.rag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import tools.jackson.databind.json.JsonMapper;

import com.flowsupport.shared.test.StandInProperties;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * Stand-ins (WireMock) for the peers every ai-rag-service test context talks to
 * (registered for all of them through {@code META-INF/spring.factories}): identity hands
 * out service tokens, kb-service retrieves the passages a test declares for words of a
 * question ({@link #passages}), ticket-service takes comments, updates and new tickets.
 */
public final class PeerStandIn {

	public static final String SERVICE_SECRET = "rag-test-secret";

	public static final String SERVICE_TOKEN = "service:ai-rag-service";

	public static final WireMockServer SERVER = new WireMockServer(options().dynamicPort());

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static {
		SERVER.start();
		Runtime.getRuntime().addShutdownHook(new Thread(SERVER::stop));
		stubDefaults();
	}

	private PeerStandIn() {
	}

	/** Forgets what tests declared and goes back to the stand-ins' defaults. */
	public static void reset() {
		SERVER.resetAll();
		stubDefaults();
	}

	private static void stubDefaults() {
		SERVER.stubFor(post(urlPathEqualTo("/api/v1/auth/service-token")).atPriority(10)
			.withBasicAuth("ai-rag-service", SERVICE_SECRET)
			.willReturn(
					okJson("{\"accessToken\":\"" + SERVICE_TOKEN + "\",\"expiresIn\":900,\"tokenType\":\"Bearer\"}")));
		// Below anything a test declares: nothing in the knowledge base.
		SERVER.stubFor(post(urlPathEqualTo("/api/v1/kb/retrieve")).atPriority(10)
			.willReturn(okJson("{\"audience\":\"public\",\"chunks\":[]}")));
		SERVER.stubFor(post(urlPathMatching("/api/v1/tickets/[^/]+/comments")).atPriority(10)
			.willReturn(aResponse().withStatus(201)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"id\":\"" + UUID.randomUUID() + "\"}")));
		SERVER.stubFor(patch(urlPathMatching("/api/v1/tickets/[^/]+")).atPriority(10).willReturn(okJson("{}")));
		SERVER.stubFor(post(urlPathEqualTo("/api/v1/tickets")).atPriority(10)
			.willReturn(aResponse().withStatus(201)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"id\":\"" + UUID.randomUUID() + "\"}")));
	}

	/** A passage of an article, as kb-service retrieves it. */
	public record Passage(UUID articleId, String title, String text, double vector, boolean lexical) {

		public static Passage of(UUID articleId, String title, String text) {
			return new Passage(articleId, title, text, 0.82, true);
		}

		Map<String, Object> json(int rank) {
			Map<String, Object> chunk = new LinkedHashMap<>();
			chunk.put("chunkId", UUID.randomUUID().toString());
			chunk.put("articleId", this.articleId.toString());
			chunk.put("title", this.title);
			chunk.put("headingPath", List.of(this.title));
			chunk.put("text", this.text);
			chunk.put("url", "https://help.example.test/api/v1/help/acme/articles/" + this.articleId);
			chunk.put("locale", "en");
			chunk.put("visibility", "public");
			chunk.put("score", 1.0 / (60 + rank));
			Map<String, Object> scores = new LinkedHashMap<>();
			scores.put("text", this.lexical ? Map.of("rank", rank, "score", 0.5) : null);
			scores.put("typo", null);
			scores.put("vector", Map.of("rank", rank, "score", this.vector));
			chunk.put("scores", scores);
			return chunk;
		}

	}

	/**
	 * kb-service retrieves these passages, best first, for questions containing
	 * {@code words}.
	 */
	public static void passages(String words, Passage... passages) {
		List<Map<String, Object>> chunks = new ArrayList<>();
		for (int i = 0; i < passages.length; i++) {
			chunks.add(passages[i].json(i + 1));
		}
		SERVER.stubFor(post(urlPathEqualTo("/api/v1/kb/retrieve"))
			.withRequestBody(matchingJsonPath("$.query", containing(words)))
			.willReturn(okJson(JSON.writeValueAsString(Map.of("audience", "public", "chunks", chunks)))));
	}

	/** Points every test context at the stand-ins. */
	public static final class Registration extends StandInProperties {

		@Override
		protected Map<String, Object> properties() {
			return Map.of("flowsupport.service-token.identity-url", SERVER.baseUrl(),
					"flowsupport.service-token.client-name", "ai-rag-service",
					"flowsupport.service-token.client-secret", SERVICE_SECRET, "flowsupport.rag.kb-url",
					SERVER.baseUrl(), "flowsupport.rag.ticket-url", SERVER.baseUrl(),
					"flowsupport.rag.autoresponder.idle-wait", "200ms", "flowsupport.rag.autoresponder.retry-backoff",
					"200ms");
		}

	}

}
