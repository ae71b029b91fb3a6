package com.flowsupport.channel.delivery;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How outbound messages reach the providers ({@code flowsupport.channel.sending.*}). A
 * provider that takes the connection and never answers holds one send for at most the
 * timeouts, one channel holds at most {@code perChannel} of the {@code concurrency} sends
 * under way, so a stalled provider of one tenant neither blocks the others nor piles up
 * threads.
 *
 * @param connectTimeout the longest wait for a provider's connection (SMTP and HTTP)
 * @param readTimeout the longest wait for any one answer of a provider
 * @param concurrency sends under way at once in this instance
 * @param perChannel sends under way at once for one channel
 */
@Validated
@ConfigurationProperties("flowsupport.channel.sending")
public record SendingProperties(@DefaultValue("5s") @NotNull Duration connectTimeout,
		@DefaultValue("10s") @NotNull Duration readTimeout, @DefaultValue("8") @Min(1) int concurrency,
		@DefaultValue("2") @Min(1) int perChannel) {
}
