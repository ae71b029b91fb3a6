package com.flowsupport.shared.redis;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The deployment's Redis key prefix, for every application that talks to Redis (servlet
 * services and the reactive gateway alike).
 */
@AutoConfiguration
@ConditionalOnClass(RedisConnectionFactory.class)
@EnableConfigurationProperties(RedisKeyProperties.class)
public class RedisKeysAutoConfiguration {

}
