package com.flowsupport.kb.indexing;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How articles become chunks and embeddings.
 *
 * @param chunkWords the most words of article text in one chunk (bge-small reads 512
 * tokens; 200 words leave room for the title and headings that go with each chunk)
 * @param overlapWords words a chunk repeats from the one before when a section is split,
 * so that no sentence loses its context at a boundary
 * @param maxChunks chunks per article at most; the rest of a huge article is not indexed
 * @param sweepInterval how often articles whose embedding is missing, failed or made by
 * another model are looked for
 * @param pickupDelay how long the sweep leaves a just-published article to its event
 * @param retryBase the wait after the first failed attempt; doubled after each further
 * one
 * @param retryMax the longest wait between attempts
 * @param modelName stored with every embedding; naming another model (after swapping the
 * {@code EmbeddingModel} bean or its weights) makes every article embed again
 */
@Validated
@ConfigurationProperties("flowsupport.kb.indexing")
public record IndexingProperties(@DefaultValue("200") @Min(20) int chunkWords,
		@DefaultValue("40") @Min(0) int overlapWords, @DefaultValue("500") @Min(1) int maxChunks,
		@DefaultValue("30s") Duration sweepInterval, @DefaultValue("2m") Duration pickupDelay,
		@DefaultValue("30s") Duration retryBase, @DefaultValue("1h") Duration retryMax,
		@DefaultValue(LocalEmbeddingModel.NAME) String modelName) {

	public IndexingProperties {
		if (overlapWords >= chunkWords / 2) {
			throw new IllegalArgumentException(
					"flowsupport.kb.indexing.overlap-words must be under half of chunk-words");
		}
	}

	/** The wait before attempt {@code attempts + 1}, after {@code attempts} failures. */
	Duration backoff(int attempts) {
		Duration wait = this.retryBase.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 20));
		return (wait.compareTo(this.retryMax) > 0) ? this.retryMax : wait;
	}

}
