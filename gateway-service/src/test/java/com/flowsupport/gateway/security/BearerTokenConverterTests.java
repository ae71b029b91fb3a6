package com.flowsupport.gateway.security;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class BearerTokenConverterTests {

	@ParameterizedTest
	@ValueSource(strings = { "Bearer abc.DEF-123_~+/", "bearer abc", "BEARER abc==", "Bearer a.b.c" })
	void acceptsWellFormedTokens(String authorization) {
		assertThat(BearerTokenConverter.isWellFormed(authorization)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "Bearer", "Bearer ", "Bearer  abc", "Bearer abc def", "Bearer abc=def", "Bearer =",
			"Bearer ab\"c", "Bearer abc\n", "Bearerabc" })
	void refusesAnythingElse(String authorization) {
		assertThat(BearerTokenConverter.isWellFormed(authorization)).isFalse();
	}

}
