package com.flowsupport.shared.events;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Tuning of the outbox relay and the stream consumers. Their streams live under the
 * deployment's Redis key prefix ({@code flowsupport.redis.key-prefix}).
 *
 * @param relayEnabled whether this instance relays its outbox to the streams
 * @param relayInterval pause between relay polls when the outbox is empty
 * @param batchSize events per relay poll or consumer read
 * @param streamMaxLength approximate cap of each stream
 * @param outboxRetention how long published events stay in the outbox, to be re-published
 * if Redis loses the streams
 * @param inboxRetention how long consumers remember handled event ids; at least the
 * outbox's
 * @param blockTimeout how long a consumer read waits for new messages
 * @param reclaimIdle a message delivered but unacknowledged for this long is claimed
 * again
 * @param maxAttempts deliveries after which a message goes to the dead-letter stream
 * @param metricsInterval how often lag, backlog and dead-letter gauges are refreshed
 * @param retentionInterval how often expired outbox, inbox and idempotency rows are
 * pruned
 */
@Validated
@ConfigurationProperties("flowsupport.events")
public record EventsProperties(@DefaultValue("true") boolean relayEnabled,
		@DefaultValue("200ms") Duration relayInterval, @DefaultValue("100") @Min(1) int batchSize,
		@DefaultValue("100000") @Min(1000) long streamMaxLength, @DefaultValue("7d") Duration outboxRetention,
		@DefaultValue("14d") Duration inboxRetention, @DefaultValue("1s") Duration blockTimeout,
		@DefaultValue("30s") Duration reclaimIdle, @DefaultValue("5") @Min(1) int maxAttempts,
		@DefaultValue("10s") Duration metricsInterval, @DefaultValue("10m") Duration retentionInterval) {

	public EventsProperties {
		if (inboxRetention.compareTo(outboxRetention) < 0) {
			throw new IllegalArgumentException(
					"flowsupport.events.inbox-retention must be at least outbox-retention, or re-published events would be handled twice");
		}
	}

}
