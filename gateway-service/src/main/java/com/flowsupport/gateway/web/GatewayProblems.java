package com.flowsupport.gateway.web;

import java.net.URI;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

import com.flowsupport.shared.web.ProblemJson;
import com.flowsupport.shared.web.Problems;

/**
 * The RFC 9457 problems the gateway answers itself (401, 403, 404, 413, 429, 5xx), shaped
 * like the services' ({@link Problems}), plus the request's path as {@code instance} and
 * its request id so a support engineer can find the request in the logs.
 */
public final class GatewayProblems {

	/** Exchange attribute holding the request id (set by the request id filter). */
	public static final String REQUEST_ID_ATTRIBUTE = GatewayProblems.class.getName() + ".requestId";

	/** Serialises problems as the services do (extension members inline, no nulls). */
	private GatewayProblems() {
	}

	/** A generic HTTP failure ({@code about:blank}). */
	public static ProblemDetail problem(ServerWebExchange exchange, HttpStatus status, String title, String detail) {
		ProblemDetail problem = Problems.detail(status, title, detail);
		URI instance = instance(exchange);
		if (instance != null) {
			problem.setInstance(instance);
		}
		String requestId = exchange.getAttribute(REQUEST_ID_ATTRIBUTE);
		if (requestId != null) {
			problem.setProperty("requestId", requestId);
		}
		return problem;
	}

	/** A FlowSupport problem kind, typed under {@link Problems#TYPE_BASE}. */
	public static ProblemDetail problem(ServerWebExchange exchange, HttpStatus status, String slug, String title,
			String detail) {
		ProblemDetail problem = problem(exchange, status, title, detail);
		problem.setType(Problems.type(slug));
		return problem;
	}

	public static byte[] json(ProblemDetail problem) {
		return ProblemJson.bytes(problem);
	}

	/** Answers the exchange with the problem, unless a response is already on its way. */
	public static Mono<Void> write(ServerWebExchange exchange, ProblemDetail problem) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.empty();
		}
		response.setStatusCode(HttpStatusCode.valueOf(problem.getStatus()));
		HttpHeaders headers = response.getHeaders();
		// Anything an upstream had begun to send describes another body.
		headers.remove(HttpHeaders.CONTENT_LENGTH);
		headers.remove(HttpHeaders.CONTENT_ENCODING);
		headers.remove(HttpHeaders.TRANSFER_ENCODING);
		headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		DataBuffer body = response.bufferFactory().wrap(json(problem));
		return response.writeWith(Mono.just(body));
	}

	private static @Nullable URI instance(ServerWebExchange exchange) {
		try {
			return URI.create(exchange.getRequest().getPath().value());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
