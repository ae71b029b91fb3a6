package com.flowsupport.channel;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.StringRedisTemplate;

import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.TestInfrastructure;
import com.flowsupport.shared.test.TestJwtIssuer;

import static org.assertj.core.api.Assertions.assertThat;

/** A fresh tenant for a test, with its admin's API client and ticket-service's events. */
final class Tenant {

	static final JsonMapper JSON = JsonMapper.builder().build();

	final UUID id = UUID.randomUUID();

	final ApiClient anonymous;

	final ApiClient admin;

	final ApiClient agent;

	Tenant(int port) {
		this.anonymous = ApiClient.at("http://localhost:" + port);
		this.admin = this.anonymous.withToken(TestJwtIssuer.get().token(this.id, UUID.randomUUID(), AppRole.ADMIN));
		this.agent = this.anonymous.withToken(TestJwtIssuer.get().token(this.id, UUID.randomUUID(), AppRole.AGENT));
	}

	JsonNode createChannel(Map<String, Object> body) {
		ApiClient.Response created = this.admin.post("/api/v1/channels", body);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json();
	}

	/** An email channel: its id, address, webhook path and webhook secret. */
	record EmailChannel(String id, String address, String hook, String secret) {
	}

	EmailChannel emailChannel(String localPart) {
		String address = localPart + "-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
		JsonNode channel = createChannel(
				Map.of("type", "email", "name", "Support", "config", Map.of("address", address, "fromName", "Acme")));
		return new EmailChannel(channel.get("id").asString(), address,
				"/webhooks/email/" + channel.get("webhookUrl").asString().replaceAll(".*/", ""),
				channel.get("generatedSecrets").get("webhookSecret").asString());
	}

	List<JsonNode> messages(String channelId) {
		ApiClient.Response page = this.admin.get("/api/v1/channels/" + channelId + "/messages?limit=100");
		assertThat(page.status()).as(page.body()).isEqualTo(200);
		return page.json().get("items").valueStream().toList();
	}

	/** A business rule of ticket-service asking to tell the requester something. */
	void notificationRequested(StringRedisTemplate redis, UUID ticketId, String subject, String body) {
		notificationRequested(redis, ticketId, "requester", subject, body);
	}

	/**
	 * A business rule of ticket-service asking to tell someone something.
	 * @param recipient requester, assignee, group or a user id
	 */
	void notificationRequested(StringRedisTemplate redis, UUID ticketId, String recipient, String subject,
			String body) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("ticketId", ticketId.toString());
		data.put("ticketNumber", 7);
		data.put("recipient", recipient);
		data.put("subject", subject);
		data.put("body", body);
		data.put("via", "trigger:" + UUID.randomUUID());
		publish(redis, "ticket", "ticket.notification_requested", data);
	}

	/** ticket-service announcing a comment, as its outbox relay would. */
	void commentCreated(StringRedisTemplate redis, UUID ticketId, String body, boolean isPublic, String authorRole) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("ticketId", ticketId.toString());
		data.put("ticketNumber", 7);
		data.put("commentId", UUID.randomUUID().toString());
		data.put("authorId", UUID.randomUUID().toString());
		data.put("authorRole", authorRole);
		data.put("public", isPublic);
		data.put("channel", "api");
		data.put("body", body);
		publish(redis, "comment", "comment.created", data);
	}

	/** ticket-service announcing that retention deleted a ticket. */
	void ticketDeleted(StringRedisTemplate redis, UUID ticketId) {
		publish(redis, "ticket", "ticket.deleted",
				Map.of("ticketId", ticketId.toString(), "ticketNumber", 7, "reason", "retention"));
	}

	private void publish(StringRedisTemplate redis, String family, String type, Map<String, Object> data) {
		Map<String, Object> envelope = new LinkedHashMap<>();
		envelope.put("id", UUID.randomUUID().toString());
		envelope.put("type", type);
		envelope.put("tenant_id", this.id.toString());
		envelope.put("occurred_at", Instant.now().toString());
		envelope.put("trace", null);
		envelope.put("data", data);
		redis.opsForStream()
			.add(StreamRecords
				.string(Map.of("type", type, "tenant_id", this.id.toString(), "envelope",
						JSON.writeValueAsString(envelope)))
				.withStreamKey(TestInfrastructure.get().keyPrefix() + "events:" + family));
	}

	static List<MapRecord<String, Object, Object>> deadLetters(StringRedisTemplate redis) {
		return redis.opsForStream()
			.read(StreamOffset.fromStart(TestInfrastructure.get().keyPrefix() + "channel:deliveries:dead-letter"));
	}

}
