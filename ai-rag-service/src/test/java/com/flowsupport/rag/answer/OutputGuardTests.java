package com.flowsupport.rag.answer;

import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OutputGuardTests {

	static final Set<String> HOSTS = Set.of("help.example.test");

	@Test
	void removesRemoteImagesOfEveryKind() {
		String cleaned = OutputGuard.clean(
				"See ![pixel](https://evil.test/p.gif) and ![ref][logo] here.\n[logo]: https://evil.test/l.png", HOSTS);
		assertThat(cleaned).doesNotContain("evil.test").doesNotContain("![").contains("See").contains("here.");
	}

	@Test
	void keepsLinksToAllowedHostsAndReducesOthersToTheirText() {
		String cleaned = OutputGuard.clean("Read [the guide](https://help.example.test/a/1) or "
				+ "[click me](https://phish.test/login) or [js](javascript:alert(1)).", HOSTS);
		assertThat(cleaned).contains("[the guide](https://help.example.test/a/1)")
			.contains("click me")
			.doesNotContain("phish.test")
			.doesNotContain("javascript");
	}

	@Test
	void removesBareAddressesAutolinksAndHtmlOutsideTheAllowList() {
		String cleaned = OutputGuard.clean(
				"Go to https://phish.test/x or <https://phish.test/y> now. "
						+ "<img src=x onerror=alert(1)><script>alert(1)</script> Also https://help.example.test/ok",
				HOSTS);
		assertThat(cleaned).doesNotContain("phish.test")
			.doesNotContain("<img")
			.doesNotContain("<script")
			.contains("https://help.example.test/ok");
	}

}
