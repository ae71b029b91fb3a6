package com.flowsupport.channel.widget;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import com.flowsupport.channel.conversation.LiveUpdates;
import com.flowsupport.shared.redis.RedisKeyProperties;

/**
 * Live updates of conversations across replicas: whatever happens is published on the
 * conversation's Redis channel, and each replica subscribes to a conversation only while
 * it holds a browser's event stream for it, so the publish count says whether anyone is
 * watching anywhere.
 */
@Component
class LiveHub implements LiveUpdates {

	private final StringRedisTemplate redis;

	private final RedisMessageListenerContainer listeners;

	private final JsonMapper json;

	private final String prefix;

	private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();

	LiveHub(StringRedisTemplate redis, RedisMessageListenerContainer listeners, JsonMapper json,
			RedisKeyProperties keys) {
		this.redis = redis;
		this.listeners = listeners;
		this.json = json;
		this.prefix = keys.keyPrefix() + "widget:live:";
	}

	private record Subscription(MessageListener listener, Set<SseEmitter> emitters) {
	}

	@Override
	public boolean publish(UUID tenantId, UUID conversationId, String event, Object payload) {
		String message = this.json.writeValueAsString(Map.of("event", event, "data", payload));
		Long receivers = this.redis.convertAndSend(topic(tenantId, conversationId), message);
		return receivers != null && receivers > 0;
	}

	/** Streams the conversation's updates to {@code emitter} until it completes. */
	void attach(UUID tenantId, UUID conversationId, SseEmitter emitter) {
		String topic = topic(tenantId, conversationId);
		Subscription subscription = this.subscriptions.compute(topic, (key, existing) -> {
			if (existing != null) {
				existing.emitters().add(emitter);
				return existing;
			}
			Set<SseEmitter> emitters = new CopyOnWriteArraySet<>();
			emitters.add(emitter);
			MessageListener listener = (message, pattern) -> forward(emitters,
					new String(message.getBody(), StandardCharsets.UTF_8));
			this.listeners.addMessageListener(listener, new ChannelTopic(key));
			return new Subscription(listener, emitters);
		});
		Runnable detach = () -> detach(topic, emitter);
		emitter.onCompletion(detach);
		emitter.onTimeout(detach);
		emitter.onError((ex) -> detach.run());
		if (!subscription.emitters().contains(emitter)) {
			detach.run();
		}
	}

	private void detach(String topic, SseEmitter emitter) {
		this.subscriptions.computeIfPresent(topic, (key, subscription) -> {
			subscription.emitters().remove(emitter);
			if (subscription.emitters().isEmpty()) {
				this.listeners.removeMessageListener(subscription.listener(), new ChannelTopic(key));
				return null;
			}
			return subscription;
		});
	}

	private void forward(Set<SseEmitter> emitters, String message) {
		JsonNode parsed = this.json.readTree(message);
		String event = parsed.path("event").asString("message");
		String data = this.json.writeValueAsString(parsed.get("data"));
		for (SseEmitter emitter : emitters) {
			try {
				emitter.send(SseEmitter.event().name(event).data(data, MediaType.APPLICATION_JSON));
			}
			catch (IOException | IllegalStateException ex) {
				emitter.completeWithError(ex);
			}
		}
	}

	private String topic(UUID tenantId, UUID conversationId) {
		return this.prefix + tenantId + ":" + conversationId;
	}

}
