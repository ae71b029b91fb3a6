package com.flowsupport.identity;

import java.util.Set;

import com.flowsupport.shared.test.ServiceConventionsTests;

class IdentityApplicationTests extends ServiceConventionsTests {

	IdentityApplicationTests() {
		// Global by design: token signing keys are the platform's, and the slug directory
		// is public.
		super("identity", "com.flowsupport.identity", Set.of("signing_key", "tenant_directory"));
	}

}
