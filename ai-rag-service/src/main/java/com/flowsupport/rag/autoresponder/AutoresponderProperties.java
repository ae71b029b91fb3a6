package com.flowsupport.rag.autoresponder;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param enabled whether this instance works the autoresponder's jobs
 * @param idleWait how long the worker waits for new jobs when it is told of none
 * @param lease how long a taken job is this worker's before another may take it
 * @param maxAttempts attempts at a job before the ticket is handed to humans as it is
 * @param retryBackoff the wait before the second attempt, doubling each time
 */
@Validated
@ConfigurationProperties("flowsupport.rag.autoresponder")
record AutoresponderProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1s") @NotNull Duration idleWait,
		@DefaultValue("60s") @NotNull Duration lease, @DefaultValue("5") @Min(1) int maxAttempts,
		@DefaultValue("2s") @NotNull Duration retryBackoff) {
}
