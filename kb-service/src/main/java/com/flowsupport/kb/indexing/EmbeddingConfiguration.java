package com.flowsupport.kb.indexing;

import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class EmbeddingConfiguration {

	/** The in-process model (DESIGN §6). */
	@Bean
	EmbeddingModel embeddingModel() {
		return new LocalEmbeddingModel();
	}

}
