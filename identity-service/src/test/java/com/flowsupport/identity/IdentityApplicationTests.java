package com.flowsupport.identity;

import java.util.Set;

import com.flowsupport.shared.test.ServiceConventionsTests;

class IdentityApplicationTests extends ServiceConventionsTests {

	IdentityApplicationTests() {
		super("identity", "com.flowsupport.identity", Set.of());
	}

}
