package com.flowsupport.kb.indexing;

import java.util.ArrayList;
import java.util.List;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;

import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;

/**
 * bge-small-en-v1.5 (int8 ONNX, 384 dimensions) in process, as a Spring AI
 * {@link EmbeddingModel} (DESIGN §6). The model and its tokenizer ship inside the Maven
 * artifact and ONNX Runtime's native library inside its jar: nothing is downloaded at run
 * time. Vectors are L2-normalised, so cosine distance and inner product agree.
 */
final class LocalEmbeddingModel implements EmbeddingModel {

	/** Stored with every embedding: a different name means "embed again". */
	static final String NAME = "bge-small-en-v1.5-q";

	static final int DIMENSIONS = 384;

	private final BgeSmallEnV15QuantizedEmbeddingModel model = new BgeSmallEnV15QuantizedEmbeddingModel();

	@Override
	public EmbeddingResponse call(EmbeddingRequest request) {
		List<TextSegment> segments = request.getInstructions().stream().map(TextSegment::from).toList();
		List<dev.langchain4j.data.embedding.Embedding> vectors = this.model.embedAll(segments).content();
		List<Embedding> results = new ArrayList<>(vectors.size());
		for (int i = 0; i < vectors.size(); i++) {
			results.add(new Embedding(normalised(vectors.get(i).vector()), i));
		}
		return new EmbeddingResponse(results);
	}

	@Override
	public float[] embed(Document document) {
		return embed(document.getText());
	}

	@Override
	public int dimensions() {
		return DIMENSIONS;
	}

	private static float[] normalised(float[] vector) {
		double norm = 0;
		for (float value : vector) {
			norm += value * value;
		}
		norm = Math.sqrt(norm);
		if (norm == 0) {
			return vector;
		}
		float[] unit = new float[vector.length];
		for (int i = 0; i < vector.length; i++) {
			unit[i] = (float) (vector[i] / norm);
		}
		return unit;
	}

}
