package com.flowsupport.shared.web;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;

/**
 * Serialises problems as Spring MVC does (extension properties inline, no null members),
 * for code that writes responses itself: servlet filters and the reactive gateway alike.
 */
public final class ProblemJson {

	private static final JsonMapper JSON = JsonMapper.builder()
		.addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class)
		.build();

	private ProblemJson() {
	}

	public static byte[] bytes(ProblemDetail problem) {
		return JSON.writeValueAsBytes(problem);
	}

}
