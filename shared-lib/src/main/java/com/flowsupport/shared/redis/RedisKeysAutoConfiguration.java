package com.flowsupport.shared.redis;

import io.lettuce.core.ClientOptions;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The deployment's Redis key prefix, for every application that talks to Redis (servlet
 * services and the reactive gateway alike), and how they behave while Redis is away.
 */
@AutoConfiguration
@ConditionalOnClass(RedisConnectionFactory.class)
@EnableConfigurationProperties(RedisKeyProperties.class)
public class RedisKeysAutoConfiguration {

	/**
	 * Redis is a cache, a rate limiter and the events' carrier, never the only copy of
	 * anything: while its connection is down a command fails at once (and the caller
	 * falls back, answers from Postgres or retries later) instead of queueing in Lettuce
	 * until the command timeout, which would hold every request that touches a cache.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ClientOptions.class, LettuceClientOptionsBuilderCustomizer.class })
	static class WhileRedisIsAway {

		@Bean
		LettuceClientOptionsBuilderCustomizer rejectCommandsWhileDisconnected() {
			return (options) -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
		}

	}

}
