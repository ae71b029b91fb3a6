package com.flowsupport.gateway.web;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * Where every route's circuit breaker forwards a failed call ({@code fallbackUri}): the
 * failure becomes a 502/503/504 problem. Reached directly, with no failed call behind it,
 * the path does not exist.
 */
final class UpstreamFallback {

	static final String PATH = "/gateway-fallback";

	Mono<ServerResponse> handle(ServerRequest request) {
		ServerWebExchange exchange = request.exchange();
		Throwable failure = exchange.getAttribute(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
		ProblemDetail problem = (failure != null) ? UpstreamFailures.problem(exchange, failure) : GatewayProblems
			.problem(exchange, HttpStatus.NOT_FOUND, "Not found", "Nothing is served at this path.");
		return ServerResponse.status(HttpStatusCode.valueOf(problem.getStatus()))
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyValue(GatewayProblems.json(problem));
	}

}
