package com.flowsupport.rag.llm;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The language model, when there is one.
 *
 * @param provider {@code none} (answers are extractive), {@code openai} (any
 * OpenAI-compatible endpoint: OpenAI, Azure, vLLM, LM Studio, Ollama's {@code /v1}) or
 * {@code ollama} (Ollama's own API)
 * @param baseUrl the endpoint, e.g. {@code https://api.openai.com/v1} or
 * {@code http://localhost:11434}
 * @param apiKey the key, from the environment ({@code FLOWSUPPORT_RAG_LLM_APIKEY}), never
 * from a file
 * @param model the model's name
 * @param timeout the most one call may take before the answer falls back
 * @param maxAttempts calls per answer, the first included (failures and timeouts retry)
 * @param maxTokens the longest answer asked for
 * @param passageChars the most of each passage put in the prompt
 * @param failureRateThreshold the share of failed calls, in percent, that opens the
 * circuit
 * @param openFor how long an open circuit sends answers to the fallback before trying the
 * model again
 */
@Validated
@ConfigurationProperties("flowsupport.rag.llm")
public record LlmProperties(@DefaultValue("none") @NotNull String provider, @Nullable URI baseUrl,
		@Nullable String apiKey, @DefaultValue("gpt-4o-mini") @NotNull String model,
		@DefaultValue("10s") @NotNull Duration timeout, @DefaultValue("2") @Min(1) @Max(5) int maxAttempts,
		@DefaultValue("0.1") @DecimalMin("0") @DecimalMax("2") double temperature,
		@DefaultValue("600") @Min(16) int maxTokens, @DefaultValue("1500") @Min(200) int passageChars,
		@DefaultValue("50") @Min(1) @Max(100) int failureRateThreshold,
		@DefaultValue("30s") @NotNull Duration openFor) {
}
