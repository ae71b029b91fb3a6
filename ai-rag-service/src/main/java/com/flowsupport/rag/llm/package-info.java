/**
 * The language-model generator: Spring AI's {@code ChatClient} over an OpenAI-compatible
 * endpoint or Ollama, behind a timeout, retries and a circuit breaker, with the knowledge
 * base and the customer's words kept as delimited data and the output checked.
 */
@NullMarked
package com.flowsupport.rag.llm;

import org.jspecify.annotations.NullMarked;
