package com.flowsupport.gateway.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.server.ServerWebExchange;

/**
 * Problems for plain HTTP failures raised inside the gateway. Details are written here,
 * never copied from exception messages, which can carry internals.
 */
final class ErrorProblems {

	private ErrorProblems() {
	}

	static ProblemDetail forStatus(ServerWebExchange exchange, HttpStatus status, Throwable failure) {
		if (failure instanceof GatewayRejection rejection) {
			return GatewayProblems.problem(exchange, status, rejection.title(), rejection.detail());
		}
		return switch (status) {
			case NOT_FOUND -> GatewayProblems.problem(exchange, status, "Not found", "Nothing is served at this path.");
			case METHOD_NOT_ALLOWED -> GatewayProblems.problem(exchange, status, "Method not allowed",
					"This path does not accept the " + exchange.getRequest().getMethod().name() + " method.");
			case PAYLOAD_TOO_LARGE ->
				GatewayProblems.problem(exchange, status, "Payload too large", "The request body is too large.");
			default -> GatewayProblems.problem(exchange, status, status.getReasonPhrase(), (status.is4xxClientError())
					? "The request could not be processed." : "The gateway could not process the request.");
		};
	}

}
