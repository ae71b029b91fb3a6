package com.flowsupport.shared.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param ttl how long an {@code Idempotency-Key} is remembered (Stripe: 24 hours)
 */
@ConfigurationProperties("flowsupport.idempotency")
public record IdempotencyProperties(@DefaultValue("24h") Duration ttl) {
}
