package com.flowsupport.kb.search;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import com.flowsupport.kb.Sha256;

/**
 * The evaluation's embedding model: the real one, with every vector it computed kept in a
 * file ({@code kb.eval.embedding-cache}) by the SHA-256 of the text, so that a second run
 * over the same corpus embeds only what changed (chunking or questions) instead of the
 * whole manual. Vectors are the model's own; only the time is saved.
 */
final class RememberedEmbeddings implements EmbeddingModel {

	private final EmbeddingModel model;

	private final Path file;

	private final Map<String, float[]> vectors = new HashMap<>();

	private final int dimensions;

	RememberedEmbeddings(EmbeddingModel model, Path file) {
		this.model = model;
		this.file = file;
		this.dimensions = model.dimensions();
		load();
	}

	@Override
	public synchronized EmbeddingResponse call(EmbeddingRequest request) {
		List<String> texts = request.getInstructions();
		List<String> missing = new ArrayList<>();
		for (String text : texts) {
			if (!this.vectors.containsKey(key(text)) && !missing.contains(text)) {
				missing.add(text);
			}
		}
		if (!missing.isEmpty()) {
			EmbeddingResponse computed = this.model.call(new EmbeddingRequest(missing, request.getOptions()));
			try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
					Files.newOutputStream(this.file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)))) {
				for (int i = 0; i < missing.size(); i++) {
					String key = key(missing.get(i));
					float[] vector = computed.getResults().get(i).getOutput();
					this.vectors.put(key, vector);
					out.write(HexFormat.of().parseHex(key));
					for (float value : vector) {
						out.writeFloat(value);
					}
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		List<Embedding> results = new ArrayList<>(texts.size());
		for (int i = 0; i < texts.size(); i++) {
			results.add(new Embedding(this.vectors.get(key(texts.get(i))), i));
		}
		return new EmbeddingResponse(results);
	}

	@Override
	public float[] embed(Document document) {
		return embed(document.getText());
	}

	@Override
	public int dimensions() {
		return this.dimensions;
	}

	private void load() {
		if (!Files.exists(this.file)) {
			return;
		}
		try (DataInputStream in = new DataInputStream(
				new java.io.BufferedInputStream(Files.newInputStream(this.file)))) {
			byte[] digest = new byte[32];
			while (true) {
				try {
					in.readFully(digest);
					float[] vector = new float[this.dimensions];
					for (int i = 0; i < vector.length; i++) {
						vector[i] = in.readFloat();
					}
					this.vectors.put(HexFormat.of().formatHex(digest), vector);
				}
				catch (EOFException ex) {
					return;
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String key(String text) {
		return Sha256.hex(text);
	}

	/** Wraps the application's model when the evaluation names a cache file. */
	@TestConfiguration(proxyBeanMethods = false)
	static class Configuration {

		@Bean
		static BeanPostProcessor rememberedEmbeddings() {
			return new BeanPostProcessor() {
				@Override
				public Object postProcessAfterInitialization(Object bean, String name) {
					String file = System.getProperty("kb.eval.embedding-cache");
					if ("embeddingModel".equals(name) && bean instanceof EmbeddingModel model && file != null
							&& !file.isBlank()) {
						return new RememberedEmbeddings(model, Path.of(file));
					}
					return bean;
				}
			};
		}

	}

}
