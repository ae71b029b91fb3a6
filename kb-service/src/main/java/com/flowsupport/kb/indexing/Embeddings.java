package com.flowsupport.kb.indexing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.stereotype.Component;

/**
 * What search and indexing ask of the embedding model. bge models embed a passage as it
 * is and a search query behind the instruction they were trained with for retrieval.
 */
@Component
public class Embeddings {

	static final String QUERY_INSTRUCTION = "Represent this sentence for searching relevant passages: ";

	/**
	 * Texts per model call: large enough to use both cores, small enough to bound memory.
	 */
	static final int BATCH = 16;

	private final EmbeddingModel model;

	private final String modelName;

	private final ExecutorService meanwhile = Executors.newVirtualThreadPerTaskExecutor();

	Embeddings(EmbeddingModel model, IndexingProperties properties) {
		this.model = model;
		this.modelName = properties.modelName();
	}

	public float[] query(String text) {
		return this.model.embed(QUERY_INSTRUCTION + text);
	}

	/**
	 * Embeds a query on a thread of its own, so that the caller goes on meanwhile (search
	 * runs its lexical legs in the database while the model runs).
	 */
	public CompletableFuture<float[]> queryMeanwhile(String text) {
		return CompletableFuture.supplyAsync(() -> query(text), this.meanwhile);
	}

	/** The vector of a query embedded {@linkplain #queryMeanwhile meanwhile}. */
	public static float[] vectorOf(CompletableFuture<float[]> query) {
		try {
			return query.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			throw ex;
		}
	}

	List<float[]> passages(List<String> texts) {
		List<float[]> vectors = new ArrayList<>(texts.size());
		for (int start = 0; start < texts.size(); start += BATCH) {
			vectors.addAll(this.model.embed(texts.subList(start, Math.min(texts.size(), start + BATCH))));
		}
		return vectors;
	}

	/** The model the stored embeddings must come from. */
	public String modelName() {
		return this.modelName;
	}

	/** pgvector's text form, for a {@code ?::vector} parameter. */
	public static String literal(float[] vector) {
		StringBuilder text = new StringBuilder(vector.length * 10).append('[');
		for (int i = 0; i < vector.length; i++) {
			if (i > 0) {
				text.append(',');
			}
			text.append(vector[i]);
		}
		return text.append(']').toString();
	}

}
