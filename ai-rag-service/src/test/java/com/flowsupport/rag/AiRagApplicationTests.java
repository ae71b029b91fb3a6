package com.flowsupport.rag;

import java.util.Set;

import com.flowsupport.shared.test.ServiceConventionsTests;

class AiRagApplicationTests extends ServiceConventionsTests {

	AiRagApplicationTests() {
		super("rag", "com.flowsupport.rag", Set.of());
	}

}
