package com.flowsupport.gateway.security;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;

import static org.assertj.core.api.Assertions.assertThat;

class HeaderValuesTests {

	@Test
	void allowsExactlyWhatTheFirewallsDefaultRuleAllowsForEveryCodePoint() {
		for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
			String value = "a" + Character.toString(codePoint) + "b";
			assertThat(HeaderValues.allowed(value)).as("U+%04X", codePoint)
				.isEqualTo(StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES.test(value));
		}
	}

	@Test
	void judgesWholeValuesLikeTheDefaultRule() {
		List<String> values = List.of("", "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln", "tab\there",
				"line\nbreak", "carriage\rreturn", "nul\u0000", "bell\u0007", "del\u007f",
				"caf\u00e9 \u2603 \ud83d\ude00", "lone \ud83d surrogate", "reversed \ude00\ud83d pair",
				"unassigned \u0378", "c1 \u0085 control");
		for (String value : values) {
			assertThat(HeaderValues.allowed(value)).as(value)
				.isEqualTo(StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES.test(value));
		}
		assertThat(HeaderValues.allowed(null)).isTrue();
	}

}
