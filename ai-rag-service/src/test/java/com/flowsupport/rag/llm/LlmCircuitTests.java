package com.flowsupport.rag.llm;

import java.net.URI;
import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;

/**
 * The model's circuit: once open, answers leave the model alone, and after
 * {@code open-for} the model gets its trial calls again without anyone restarting the
 * service (the fault suite found it shut out for good).
 */
class LlmCircuitTests {

	private final LlmProperties properties = new LlmProperties("openai", URI.create("http://localhost:1"), "key",
			"model", Duration.ofSeconds(1), 1, 0.1, 600, 1500, 50, Duration.ofMillis(300));

	@Test
	void anOpenCircuitLetsTheModelTryAgainAfterItsWait() {
		CircuitBreaker breaker = LlmConfiguration.circuitBreaker(this.properties);
		try (LlmGenerator generator = new LlmGenerator(ChatClient.create(mock(ChatModel.class)), this.properties,
				breaker, Retry.ofDefaults("llm"))) {
			assertThat(generator.ready()).isTrue();
			breaker.transitionToOpenState();
			assertThat(generator.ready()).as("right after the circuit opened").isFalse();
			await().atMost(Duration.ofSeconds(5)).until(generator::ready);
			assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
		}
	}

}
