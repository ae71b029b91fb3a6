package com.flowsupport.shared.redis;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Redis keyspace of one deployment: event streams, rate-limit buckets and login
 * throttles all live under one prefix, so deployments (and test runs) that share a Redis
 * never see each other's keys.
 *
 * @param keyPrefix prefix of every Redis key the platform writes
 */
@Validated
@ConfigurationProperties("flowsupport.redis")
public record RedisKeyProperties(@DefaultValue("flowsupport:") @NotNull String keyPrefix) {
}
