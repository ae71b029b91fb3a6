package com.flowsupport.shared.events;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.flowsupport.shared.audit.AdminAudit;
import com.flowsupport.shared.db.DatabaseAutoConfiguration;
import com.flowsupport.shared.observability.ObservabilityAutoConfiguration;
import com.flowsupport.shared.observability.TraceContexts;
import com.flowsupport.shared.redis.RedisKeyProperties;
import com.flowsupport.shared.web.IdempotencyProperties;

/**
 * The event machinery of a service that owns a schema: the outbox publisher, its relay,
 * the consumers of every {@link EventSubscription} bean, retention of platform tables,
 * and the {@link AdminAudit} that sends admin actions to the tenant's audit log.
 */
@AutoConfiguration(after = { DatabaseAutoConfiguration.class, DataRedisAutoConfiguration.class,
		JdbcTemplateAutoConfiguration.class, ObservabilityAutoConfiguration.class })
@ConditionalOnClass({ StringRedisTemplate.class, JdbcTemplate.class })
@ConditionalOnProperty("flowsupport.db.schema")
@EnableConfigurationProperties({ EventsProperties.class, IdempotencyProperties.class })
public class EventsAutoConfiguration {

	@Bean
	EventStreams eventStreams(RedisKeyProperties keys) {
		return new EventStreams(keys.keyPrefix());
	}

	@Bean
	EventPublisher eventPublisher(JdbcTemplate jdbc, JsonMapper json, EventStreams streams,
			ObjectProvider<TraceContexts> traces) {
		return new EventPublisher(jdbc, json, streams, traces.getIfAvailable(TraceContexts::none));
	}

	@Bean
	AdminAudit adminAudit(EventPublisher events, @Value("${spring.application.name}") String service) {
		return new AdminAudit(events, service);
	}

	@Bean
	@ConditionalOnBean(StringRedisTemplate.class)
	@ConditionalOnProperty(name = "flowsupport.events.relay-enabled", matchIfMissing = true)
	OutboxRelay outboxRelay(JdbcTemplate jdbc, TransactionTemplate transactions, StringRedisTemplate redis,
			JsonMapper json, EventStreams streams, EventsProperties properties,
			@Value("${spring.application.name}") String service, ObjectProvider<MeterRegistry> meters) {
		return new OutboxRelay(jdbc, transactions, redis, json, streams, properties, service,
				meters.getIfAvailable(SimpleMeterRegistry::new));
	}

	@Bean
	PlatformJanitor platformJanitor(JdbcTemplate jdbc, TransactionTemplate transactions, EventsProperties properties,
			IdempotencyProperties idempotency, @Value("${spring.application.name}") String service) {
		return new PlatformJanitor(jdbc, transactions, properties, idempotency.ttl(), service);
	}

	@Bean
	@ConditionalOnBean({ EventSubscription.class, StringRedisTemplate.class })
	StreamConsumers streamConsumers(List<EventSubscription> subscriptions, StringRedisTemplate redis, JdbcTemplate jdbc,
			TransactionTemplate transactions, JsonMapper json, EventStreams streams, EventsProperties properties,
			@Value("${spring.application.name}") String service, ObjectProvider<MeterRegistry> meters,
			ObjectProvider<TraceContexts> traces) {
		MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
		TraceContexts traceContexts = traces.getIfAvailable(TraceContexts::none);
		List<StreamConsumer> consumers = new ArrayList<>();
		for (EventSubscription subscription : subscriptions) {
			for (String family : subscription.families()) {
				consumers.add(new StreamConsumer(redis, jdbc, transactions, json, streams, subscription, family,
						properties, service, registry, traceContexts));
			}
		}
		return new StreamConsumers(consumers);
	}

	/** Starts and stops every consumer loop with the context. */
	static final class StreamConsumers implements SmartLifecycle {

		private final List<StreamConsumer> consumers;

		StreamConsumers(List<StreamConsumer> consumers) {
			this.consumers = List.copyOf(consumers);
		}

		@Override
		public void start() {
			this.consumers.forEach(StreamConsumer::start);
		}

		@Override
		public void stop() {
			this.consumers.forEach(StreamConsumer::stop);
		}

		@Override
		public boolean isRunning() {
			return this.consumers.stream().anyMatch(StreamConsumer::isRunning);
		}

		@Override
		public int getPhase() {
			return DEFAULT_PHASE - 100;
		}

	}

}
