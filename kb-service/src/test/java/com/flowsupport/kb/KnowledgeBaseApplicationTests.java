package com.flowsupport.kb;

import java.util.Set;

import org.springframework.context.annotation.Import;

import com.flowsupport.kb.indexing.FlakyEmbeddingModel;
import com.flowsupport.shared.test.ServiceConventionsTests;

@Import(FlakyEmbeddingModel.Configuration.class)
class KnowledgeBaseApplicationTests extends ServiceConventionsTests {

	KnowledgeBaseApplicationTests() {
		super("kb", "com.flowsupport.kb", Set.of());
	}

}
