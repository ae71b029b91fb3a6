package com.flowsupport.rag.llm;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.ollama.OllamaChatModel;
import org.springframework.ai.ollama.api.OllamaApi;
import org.springframework.ai.ollama.api.OllamaChatOptions;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

/**
 * The language model, when {@code flowsupport.rag.llm.provider} names one. The provider's
 * client does not retry on its own: {@link LlmGenerator} retries, times out and breaks
 * the circuit, so that one policy decides how long an answer may wait.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${flowsupport.rag.llm.provider:none}' != 'none'")
class LlmConfiguration {

	@Bean
	ChatModel ragChatModel(LlmProperties properties, ObservationRegistry observations) {
		String baseUrl = Objects.requireNonNull(properties.baseUrl(), "flowsupport.rag.llm.base-url is required")
			.toString();
		return switch (properties.provider().toLowerCase(Locale.ROOT)) {
			case "openai" -> OpenAiChatModel.builder()
				.options(OpenAiChatOptions.builder()
					.baseUrl(baseUrl)
					.apiKey(Objects.requireNonNull(properties.apiKey(), "flowsupport.rag.llm.api-key is required"))
					.model(properties.model())
					.temperature(properties.temperature())
					.maxTokens(properties.maxTokens())
					.timeout(properties.timeout())
					.maxRetries(0)
					.build())
				.observationRegistry(observations)
				.build();
			case "ollama" -> OllamaChatModel.builder()
				.ollamaApi(OllamaApi.builder().baseUrl(baseUrl).build())
				.options(OllamaChatOptions.builder()
					.model(properties.model())
					.temperature(properties.temperature())
					.numPredict(properties.maxTokens())
					.build())
				.retryTemplate(new RetryTemplate(RetryPolicy.builder().maxRetries(0).build()))
				.observationRegistry(observations)
				.build();
			default -> throw new IllegalStateException(
					"flowsupport.rag.llm.provider must be none, openai or ollama, not " + properties.provider());
		};
	}

	@Bean(destroyMethod = "close")
	LlmGenerator llmGenerator(ChatModel ragChatModel, LlmProperties properties) {
		Retry retry = Retry.of("llm",
				RetryConfig.custom()
					.maxAttempts(properties.maxAttempts())
					.waitDuration(Duration.ofMillis(200))
					.build());
		return new LlmGenerator(ChatClient.create(ragChatModel), properties, circuitBreaker(properties), retry);
	}

	/**
	 * Opens when too many calls fail, and half-opens by itself once {@code open-for} has
	 * passed: answers ask {@link LlmGenerator#ready()} before they try the model, so a
	 * circuit that waited for a call to move on would keep the model out until a restart.
	 */
	static CircuitBreaker circuitBreaker(LlmProperties properties) {
		return CircuitBreaker.of("llm",
				CircuitBreakerConfig.custom()
					.failureRateThreshold(properties.failureRateThreshold())
					.slidingWindowSize(10)
					.minimumNumberOfCalls(5)
					.waitDurationInOpenState(properties.openFor())
					.automaticTransitionFromOpenToHalfOpenEnabled(true)
					.permittedNumberOfCallsInHalfOpenState(2)
					.build());
	}

}
