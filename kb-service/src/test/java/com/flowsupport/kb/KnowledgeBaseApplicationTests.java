package com.flowsupport.kb;

import java.util.Set;

import com.flowsupport.shared.test.ServiceConventionsTests;

class KnowledgeBaseApplicationTests extends ServiceConventionsTests {

	KnowledgeBaseApplicationTests() {
		super("kb", "com.flowsupport.kb", Set.of());
	}

}
