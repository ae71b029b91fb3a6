package com.flowsupport.kb.indexing;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The real model, except that tests can make its next calls fail, as an overloaded or
 * broken model would.
 */
public class FlakyEmbeddingModel implements EmbeddingModel {

	private final EmbeddingModel model;

	private final AtomicInteger failures = new AtomicInteger();

	FlakyEmbeddingModel(EmbeddingModel model) {
		this.model = model;
	}

	/** Fails the next {@code calls} passage embeddings (queries still work). */
	public void failNext(int calls) {
		this.failures.set(calls);
	}

	@Override
	public EmbeddingResponse call(EmbeddingRequest request) {
		boolean query = request.getInstructions().size() == 1
				&& request.getInstructions().get(0).startsWith(Embeddings.QUERY_INSTRUCTION);
		if (!query && this.failures.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
			throw new IllegalStateException("embedding model unavailable (test)");
		}
		return this.model.call(request);
	}

	@Override
	public float[] embed(Document document) {
		return this.model.embed(document);
	}

	@TestConfiguration(proxyBeanMethods = false)
	public static class Configuration {

		@Bean
		@Primary
		FlakyEmbeddingModel flakyEmbeddingModel(@Qualifier("embeddingModel") EmbeddingModel model) {
			return new FlakyEmbeddingModel(model);
		}

	}

}
