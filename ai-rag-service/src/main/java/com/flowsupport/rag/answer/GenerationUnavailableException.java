package com.flowsupport.rag.answer;

import org.jspecify.annotations.Nullable;

/**
 * A generator that depends on a provider could not produce a draft: the provider failed,
 * timed out or is held off by the circuit breaker.
 */
public class GenerationUnavailableException extends RuntimeException {

	public GenerationUnavailableException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
