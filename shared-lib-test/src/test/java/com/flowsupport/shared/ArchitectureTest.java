package com.flowsupport.shared;

import org.junit.jupiter.api.Test;

import com.flowsupport.shared.test.ArchitectureRules;

class ArchitectureTest {

	@Test
	void sharedLibDependsOnNoService() {
		ArchitectureRules.sharedLibDependsOnNoService().check(ArchitectureRules.importProduction());
	}

}
