package com.flowsupport.rag;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where ai-rag-service finds its peers, and how much it asks of them.
 *
 * @param kbUrl kb-service, whose retrieval API grounds every answer
 * @param ticketUrl ticket-service, where the autoresponder replies and hands over
 * @param connectTimeout connecting to a peer
 * @param readTimeout waiting for a peer's answer
 * @param passages how many chunks are retrieved for a question (the candidates the
 * answer's article is chosen from)
 * @param promptPassages how many of them, best supported article first, a generator reads
 * @param questionMax the longest question answered (longer ones are refused, not cut)
 */
@Validated
@ConfigurationProperties("flowsupport.rag")
public record RagProperties(@DefaultValue("http://localhost:8083") @NotNull URI kbUrl,
		@DefaultValue("http://localhost:8082") @NotNull URI ticketUrl,
		@DefaultValue("1s") @NotNull Duration connectTimeout, @DefaultValue("3s") @NotNull Duration readTimeout,
		@DefaultValue("20") @Min(1) @Max(50) int passages, @DefaultValue("6") @Min(1) @Max(20) int promptPassages,
		@DefaultValue("2000") @Min(100) int questionMax) {
}
