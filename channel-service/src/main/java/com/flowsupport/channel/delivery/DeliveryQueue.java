package com.flowsupport.channel.delivery;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.flowsupport.shared.redis.RedisKeyProperties;

/**
 * The outbound queue: a Redis stream of message ids read by a consumer group, a sorted
 * set of retries waiting for their time, and a dead-letter stream. The message row in
 * Postgres is the truth (status, attempts, next attempt); Redis only says what to look at
 * next, so a lost entry is found again by the sweep.
 */
@Component
public class DeliveryQueue {

	static final String GROUP = "channel-delivery";

	private final StringRedisTemplate redis;

	private final String stream;

	private final String delayed;

	private final String deadLetter;

	DeliveryQueue(StringRedisTemplate redis, RedisKeyProperties keys) {
		this.redis = redis;
		this.stream = keys.keyPrefix() + "channel:deliveries";
		this.delayed = this.stream + ":delayed";
		this.deadLetter = this.stream + ":dead-letter";
	}

	String stream() {
		return this.stream;
	}

	String delayedKey() {
		return this.delayed;
	}

	/**
	 * Queues the message for sending once the caller's transaction commits (at once when
	 * there is none).
	 */
	public void enqueueAfterCommit(UUID tenantId, UUID messageId) {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					enqueue(tenantId, messageId);
				}
			});
		}
		else {
			enqueue(tenantId, messageId);
		}
	}

	void enqueue(UUID tenantId, UUID messageId) {
		this.redis.opsForStream()
			.add(StreamRecords.string(Map.of("tenant_id", tenantId.toString(), "message_id", messageId.toString()))
				.withStreamKey(this.stream));
	}

	void retryAt(UUID tenantId, UUID messageId, Instant at) {
		this.redis.opsForZSet().add(this.delayed, tenantId + ":" + messageId, at.toEpochMilli());
	}

	void deadLetter(UUID tenantId, UUID messageId, String reason) {
		this.redis.opsForStream()
			.add(StreamRecords
				.string(Map.of("tenant_id", tenantId.toString(), "message_id", messageId.toString(), "reason", reason))
				.withStreamKey(this.deadLetter));
	}

}
