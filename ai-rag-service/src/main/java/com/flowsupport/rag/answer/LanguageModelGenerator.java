package com.flowsupport.rag.answer;

/**
 * A generator backed by a language model provider, present when one is configured.
 * {@link #draft} and {@link #stream} throw {@link GenerationUnavailableException} when
 * the provider fails, so the caller can fall back.
 */
public interface LanguageModelGenerator extends Generator {

	/** False while the circuit breaker holds calls off. */
	boolean ready();

}
