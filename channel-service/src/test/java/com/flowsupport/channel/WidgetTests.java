package com.flowsupport.channel;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;

import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.ServiceIntegrationTest;
import com.flowsupport.shared.test.TestInfrastructure;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The widget's visitor API: sessions that survive page loads, HMAC identity verification,
 * bot answers streamed over SSE with citations, handoff to a ticket, and agent replies
 * pushed live through Redis pub/sub.
 */
@ServiceIntegrationTest
class WidgetTests {

	@Value("${local.server.port}")
	int port;

	@Autowired
	StringRedisTemplate redis;

	@Test
	void theWidgetScriptIsSmallAndServedWithTheDemoPage() {
		Tenant tenant = new Tenant(this.port);
		JsonNode widget = tenant.createChannel(Map.of("type", "widget", "name", "Acme chat"));
		ApiClient.Response script = tenant.anonymous.get("/widget/widget.js");
		assertThat(script.status()).isEqualTo(200);
		assertThat(script.contentType()).startsWith("text/javascript");
		assertThat(script.body().getBytes(StandardCharsets.UTF_8).length).isLessThan(12 * 1024);
		ApiClient.Response demo = tenant.anonymous.get("/widget/demo/" + widget.get("widgetKey").asString());
		assertThat(demo.body()).contains("data-widget-key=\"" + widget.get("widgetKey").asString() + "\"");
		assertThat(widget.get("embedSnippet").asString()).contains("/widget/widget.js");
		assertThat(tenant.anonymous.get("/widget/demo/unknown").status()).isEqualTo(404);
	}

	@Test
	void botAnswersStreamLiveAndAHandoffHandsTheConversationToAgents() throws Exception {
		Tenant tenant = new Tenant(this.port);
		JsonNode widget = tenant.createChannel(Map.of("type", "widget", "name", "Acme chat", "botEnabled", true));
		String key = widget.get("widgetKey").asString();
		String question = "My printer is stuck " + UUID.randomUUID();
		AiStandIn.answers("conv-" + UUID.randomUUID(), question);

		ApiClient.Response started = tenant.anonymous.post("/widget/" + key + "/sessions", Map.of("name", "Dana"));
		assertThat(started.status()).as(started.body()).isEqualTo(201);
		String token = started.json().get("sessionToken").asString();
		ApiClient visitor = tenant.anonymous.withHeader("X-Widget-Session", token);
		List<String> events = listen(this.port, key, token);

		ApiClient.Response asked = visitor.post("/widget/" + key + "/messages", Map.of("body", question));
		assertThat(asked.status()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(15))
			.until(() -> events.stream()
				.anyMatch((e) -> e.startsWith("message:") && e.contains("Resetting your printer")));
		assertThat(events.stream().filter((e) -> e.startsWith("token:")).count()).isGreaterThan(3);

		// History survives a page load: the same token resumes the session.
		ApiClient.Response resumed = tenant.anonymous.post("/widget/" + key + "/sessions",
				Map.of("sessionToken", token));
		assertThat(resumed.json().get("sessionToken").asString()).isEqualTo(token);
		assertThat(resumed.json().get("messages").valueStream().map((m) -> m.get("author").asString()).toList())
			.containsExactly("customer", "bot");

		ApiClient.Response handoff = visitor.post("/widget/" + key + "/handoff", Map.of("email", "dana@customer.test"));
		assertThat(handoff.status()).as(handoff.body()).isEqualTo(200);
		UUID ticketId = UUID.fromString(handoff.json().get("ticketId").asString());
		PeerStandIns.PEERS.verify(postRequestedFor(urlPathEqualTo("/tickets/api/v1/tickets"))
			.withRequestBody(matchingJsonPath("$.channel", containing("chat")))
			.withRequestBody(matchingJsonPath("$.description", containing(AiStandIn.ANSWER)))
			.withRequestBody(matchingJsonPath("$.description",
					containing("Unverified email: the visitor typed dana@customer.test"))));
		await().atMost(Duration.ofSeconds(5)).until(() -> events.stream().anyMatch((e) -> e.startsWith("ticket:")));

		visitor.post("/widget/" + key + "/messages", Map.of("body", "It still blinks red"));
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> PeerStandIns.PEERS
				.verify(postRequestedFor(urlPathEqualTo("/tickets/api/v1/tickets/" + ticketId + "/comments"))
					.withRequestBody(matchingJsonPath("$.body", containing("It still blinks red")))));

		tenant.commentCreated(this.redis, ticketId, "Hi Dana, Sam here. Let's replace the fuser.", true, "agent");
		await().atMost(Duration.ofSeconds(20))
			.until(() -> events.stream().anyMatch((e) -> e.startsWith("message:") && e.contains("Sam here")));
	}

	@Test
	void liveUpdatesReachVisitorsWhateverReplicaPublishes() throws Exception {
		Tenant tenant = new Tenant(this.port);
		JsonNode widget = tenant.createChannel(Map.of("type", "widget", "name", "Acme chat"));
		String key = widget.get("widgetKey").asString();
		JsonNode started = tenant.anonymous.post("/widget/" + key + "/sessions", Map.of()).json();
		List<String> events = listen(this.port, key, started.get("sessionToken").asString());
		String topic = TestInfrastructure.get().keyPrefix() + "widget:live:" + tenant.id + ":"
				+ started.get("conversationId").asString();
		// Another replica publishes straight to Redis (again until this one's
		// subscription is live).
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).until(() -> {
			this.redis.convertAndSend(topic, "{\"event\":\"typing\",\"data\":{\"author\":\"agent\"}}");
			return events.stream().anyMatch((e) -> e.equals("typing:{\"author\":\"agent\"}"));
		});
	}

	@Test
	void verifiedIdentitiesNeedTheTenantsHmac() {
		Tenant tenant = new Tenant(this.port);
		JsonNode widget = tenant.createChannel(
				Map.of("type", "widget", "name", "Portal chat", "config", Map.of("identityVerification", true)));
		String key = widget.get("widgetKey").asString();
		String secret = widget.get("generatedSecrets").get("identitySecret").asString();
		String path = "/widget/" + key + "/sessions";

		assertThat(tenant.anonymous.post(path, Map.of()).status()).isEqualTo(403);
		ApiClient.Response forged = tenant.anonymous.post(path,
				Map.of("userId", "user-42", "userHash", hmac(secret, "user-41")));
		assertThat(forged.status()).isEqualTo(403);
		assertThat(forged.json().get("type").asString()).endsWith("identity-mismatch");
		ApiClient.Response verified = tenant.anonymous.post(path,
				Map.of("userId", "user-42", "userHash", hmac(secret, "user-42")));
		assertThat(verified.status()).isEqualTo(201);
		// The same user on another device continues the same conversation.
		ApiClient.Response again = tenant.anonymous.post(path,
				Map.of("userId", "user-42", "userHash", hmac(secret, "user-42")));
		assertThat(again.json().get("conversationId").asString())
			.isEqualTo(verified.json().get("conversationId").asString());
		assertThat(
				tenant.anonymous.withHeader("X-Widget-Session", "made-up").get("/widget/" + key + "/messages").status())
			.isEqualTo(401);
		assertThat(tenant.anonymous.post("/widget/" + key + "/sessions", Map.of("colour", "red")).status())
			.isEqualTo(422);
	}

	static String hmac(String secret, String value) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Opens the visitor's event stream; returns what arrives as "event:data". */
	static List<String> listen(int port, String key, String token) throws Exception {
		List<String> events = new CopyOnWriteArrayList<>();
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + port + "/widget/" + key + "/events?session=" + token))
			.header("Accept", "text/event-stream")
			.build();
		HttpResponse<InputStream> response = HttpClient.newHttpClient()
			.send(request, HttpResponse.BodyHandlers.ofInputStream());
		assertThat(response.statusCode()).isEqualTo(200);
		Thread.ofVirtual().start(() -> {
			try (BufferedReader reader = new BufferedReader(
					new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
				String event = "message";
				String line;
				while ((line = reader.readLine()) != null) {
					if (line.startsWith("event:")) {
						event = line.substring(6).strip();
					}
					else if (line.startsWith("data:")) {
						events.add(event + ":" + line.substring(5).strip());
					}
				}
			}
			catch (Exception ex) {
				// The stream ends with the test.
			}
		});
		await().atMost(Duration.ofSeconds(5)).until(() -> events.stream().anyMatch((e) -> e.startsWith("ready:")));
		return events;
	}

}
