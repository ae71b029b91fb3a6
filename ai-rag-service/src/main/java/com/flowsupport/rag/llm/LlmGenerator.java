package com.flowsupport.rag.llm;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;

import org.springframework.ai.chat.client.ChatClient;

import com.flowsupport.rag.answer.Draft;
import com.flowsupport.rag.answer.GenerationUnavailableException;
import com.flowsupport.rag.answer.GroundedQuestion;
import com.flowsupport.rag.answer.LanguageModelGenerator;

/**
 * Answers through a language model. Each call runs under a time limit; a call that fails
 * or times out is retried, and the circuit breaker counts the outcome, so a provider in
 * trouble is left alone for a while and answers fall back at once instead of waiting for
 * timeouts. A streamed answer is not retried once its first piece went out (the pieces
 * would repeat); it falls back instead.
 */
final class LlmGenerator implements LanguageModelGenerator, AutoCloseable {

	private final ChatClient chat;

	private final LlmProperties properties;

	private final CircuitBreaker breaker;

	private final Retry retry;

	private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();

	LlmGenerator(ChatClient chat, LlmProperties properties, CircuitBreaker breaker, Retry retry) {
		this.chat = chat;
		this.properties = properties;
		this.breaker = breaker;
		this.retry = retry;
	}

	@Override
	public String name() {
		return "llm";
	}

	@Override
	public boolean ready() {
		return this.breaker.getState() != CircuitBreaker.State.OPEN
				&& this.breaker.getState() != CircuitBreaker.State.FORCED_OPEN;
	}

	@Override
	public Draft draft(GroundedQuestion question) {
		Prompts.UserMessage user = Prompts.user(question, this.properties.passageChars());
		String output = guarded(Retry.decorateSupplier(this.retry,
				() -> timed(() -> this.chat.prompt().system(Prompts.SYSTEM).user(user.text()).call().content())));
		return CitationCheck.check((output != null) ? output : "", user.passages());
	}

	@Override
	public Draft stream(GroundedQuestion question, Consumer<String> tokens) {
		Prompts.UserMessage user = Prompts.user(question, this.properties.passageChars());
		String output = guarded(() -> timed(() -> {
			StringBuilder whole = new StringBuilder();
			for (String piece : this.chat.prompt()
				.system(Prompts.SYSTEM)
				.user(user.text())
				.stream()
				.content()
				.toIterable()) {
				whole.append(piece);
				tokens.accept(piece);
			}
			return whole.toString();
		}));
		return CitationCheck.check(output, user.passages());
	}

	private String guarded(Supplier<String> call) {
		try {
			return this.breaker.executeSupplier(call);
		}
		catch (CallNotPermittedException ex) {
			throw new GenerationUnavailableException("circuit open: " + ex.getMessage(), ex);
		}
		catch (GenerationUnavailableException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw new GenerationUnavailableException(ex.getClass().getSimpleName() + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Runs a call on its own virtual thread, given up (and interrupted) at the timeout.
	 */
	private String timed(Supplier<String> call) {
		CompletableFuture<String> future = CompletableFuture.supplyAsync(call, this.calls);
		try {
			return future.get(this.properties.timeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			future.cancel(true);
			throw new GenerationUnavailableException("no answer within " + this.properties.timeout(), ex);
		}
		catch (ExecutionException ex) {
			throw new GenerationUnavailableException(String.valueOf(ex.getCause()), ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new GenerationUnavailableException("interrupted", ex);
		}
	}

	@Override
	public void close() {
		this.calls.shutdownNow();
	}

}
