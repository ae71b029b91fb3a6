package com.flowsupport.channel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.data.redis.core.StringRedisTemplate;

import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.ServiceIntegrationTest;
import com.flowsupport.shared.test.TestInfrastructure;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two live replicas of channel-service (this test's context and a second application on
 * its own port) sharing PostgreSQL and Redis: a visitor watching on replica 1 sees what
 * happens through replica 2 and the agent's reply, whichever replica delivers it; a
 * provider delivering the same message to both replicas at once gets it stored once.
 */
@ServiceIntegrationTest
class TwoReplicasTests {

	private static ConfigurableApplicationContext second;

	@Value("${local.server.port}")
	int port;

	@Autowired
	ConfigurableEnvironment environment;

	@Autowired
	StringRedisTemplate redis;

	@AfterAll
	static void stopSecondReplica() {
		if (second != null) {
			second.close();
			second = null;
		}
	}

	@Test
	void aVisitorOnReplicaOneSeesWhatHappensThroughReplicaTwo() throws Exception {
		int otherPort = secondReplica();
		Tenant tenant = new Tenant(this.port);
		JsonNode widget = tenant.createChannel(Map.of("type", "widget", "name", "Acme chat"));
		String key = widget.get("widgetKey").asString();
		JsonNode session = tenant.anonymous.post("/widget/" + key + "/sessions", Map.of("name", "Lee")).json();
		String token = session.get("sessionToken").asString();
		List<String> events = WidgetTests.listen(this.port, key, token);
		String topic = TestInfrastructure.get().keyPrefix() + "widget:live:" + tenant.id + ":"
				+ session.get("conversationId").asString();
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.redis.convertAndSend(topic,
					"{\"event\":\"typing\",\"data\":{\"author\":\"agent\"}}") > 0);

		ApiClient replicaTwo = ApiClient.at("http://localhost:" + otherPort).withHeader("X-Widget-Session", token);
		ApiClient.Response handoff = replicaTwo.post("/widget/" + key + "/handoff", Map.of("email", "lee@c.test"));
		assertThat(handoff.status()).as(handoff.body()).isEqualTo(200);
		UUID ticketId = UUID.fromString(handoff.json().get("ticketId").asString());
		await().atMost(Duration.ofSeconds(10))
			.until(() -> events.stream().anyMatch((e) -> e.startsWith("ticket:") && e.contains(ticketId.toString())));

		tenant.commentCreated(this.redis, ticketId, "Hi Lee, Kim here from replica land.", true, "agent");
		await().atMost(Duration.ofSeconds(20))
			.until(() -> events.stream().anyMatch((e) -> e.startsWith("message:") && e.contains("Kim here")));
	}

	@Test
	void aMessageDeliveredToBothReplicasAtOnceIsStoredOnce() throws Exception {
		int otherPort = secondReplica();
		Tenant tenant = new Tenant(this.port);
		String account = "AC" + UUID.randomUUID().toString().replace("-", "");
		String authToken = "auth-" + UUID.randomUUID();
		JsonNode channel = tenant.createChannel(Map.of("type", "sms", "provider", "twilio", "name", "SMS", "config",
				Map.of("phoneNumber", "+1555" + (1000000 + (int) (Math.random() * 8999999)), "accountSid", account,
						"authToken", authToken)));
		String url = channel.get("webhookUrl").asString();
		String path = url.replace("https://support.example.test", "");
		TwilioChannelTests.Sms one = new TwilioChannelTests.Sms(tenant, channel.get("id").asString(), path, url,
				authToken, account);
		TwilioChannelTests.Sms two = new TwilioChannelTests.Sms(new Tenant(otherPort), one.channelId(), path, url,
				authToken, account);

		String run = UUID.randomUUID().toString().substring(0, 8);
		List<Callable<Integer>> deliveries = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			Map<String, String> params = Map.of("MessageSid", "SM" + run + i, "From", "+1555765432" + i, "To",
					"+15550001111", "Body", "Parcel " + run + " number " + i);
			String signature = TwilioChannelTests.sign(authToken, url, params);
			for (TwilioChannelTests.Sms replica : List.of(one, two, one, two)) {
				deliveries.add(() -> TwilioChannelTests.deliver(replica, path, params, signature).status());
			}
		}
		try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
			for (Future<Integer> delivered : pool.invokeAll(deliveries)) {
				assertThat(delivered.get()).isEqualTo(200);
			}
		}

		List<JsonNode> stored = await().atMost(Duration.ofSeconds(30))
			.until(() -> tenant.messages(one.channelId()),
					(list) -> list.size() == 5 && list.stream().allMatch((m) -> m.hasNonNull("ticketId")));
		assertThat(stored).extracting((m) -> m.get("externalId").asString()).doesNotHaveDuplicates();
		for (int i = 0; i < 5; i++) {
			PeerStandIns.PEERS.verify(1, postRequestedFor(urlPathEqualTo("/tickets/api/v1/tickets"))
				.withRequestBody(containing("Parcel " + run + " number " + i)));
		}
	}

	/**
	 * Starts replica 2 once, with this context's settings (database, Redis, keys, peers).
	 */
	private synchronized int secondReplica() {
		if (second == null) {
			Map<String, Object> properties = new HashMap<>();
			for (PropertySource<?> source : this.environment.getPropertySources()) {
				if (source instanceof MapPropertySource map && !source.getName().startsWith("system")) {
					for (String name : map.getPropertyNames()) {
						properties.putIfAbsent(name, map.getProperty(name));
					}
				}
			}
			properties.keySet().removeIf((name) -> name.startsWith("local."));
			properties.put("server.port", "0");
			properties.put("management.server.port", "0");
			properties.put("flowsupport.channel.smtp.listener.port", "0");
			second = new SpringApplicationBuilder(ChannelApplication.class)
				.initializers((context) -> context.getEnvironment()
					.getPropertySources()
					.addFirst(new MapPropertySource("replica-2", properties)))
				.run();
		}
		return second.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

}
