package com.flowsupport.gateway.web;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * Every failure that escapes routing (unknown path, method, body too large, a service
 * that cannot be reached on a route without a fallback, the key set being unavailable)
 * answers as an RFC 9457 problem, like the services' errors. Ordered before Boot's
 * default handler, which renders its own JSON shape.
 */
final class ProblemErrorHandler implements ErrorWebExceptionHandler {

	/** Before Boot's {@code DefaultErrorWebExceptionHandler} (-1). */
	static final int ORDER = -2;

	private static final Log logger = LogFactory.getLog(ProblemErrorHandler.class);

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
		if (exchange.getResponse().isCommitted()) {
			return Mono.error(failure);
		}
		return GatewayProblems.write(exchange, problemFor(exchange, failure));
	}

	private ProblemDetail problemFor(ServerWebExchange exchange, Throwable failure) {
		if (failure instanceof AuthenticationServiceException) {
			// The token could not be checked at all (identity-service's key set is
			// unreachable): the client did nothing wrong.
			logger.warn("Cannot verify access tokens: " + failure.getMessage());
			return GatewayProblems.problem(exchange, HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable",
					"Access tokens cannot be verified right now; retry shortly.");
		}
		if (failure instanceof ErrorResponse response && response.getStatusCode().is4xxClientError()) {
			return ErrorProblems.forStatus(exchange, HttpStatus.valueOf(response.getStatusCode().value()), failure);
		}
		if (UpstreamFailures.isUpstreamFailure(failure)) {
			return UpstreamFailures.problem(exchange, failure);
		}
		logger.error("Unexpected failure on " + exchange.getRequest().getMethod() + " "
				+ exchange.getRequest().getPath().value() + " (request id "
				+ exchange.getAttribute(GatewayProblems.REQUEST_ID_ATTRIBUTE) + ")", failure);
		return GatewayProblems.problem(exchange, HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
				"The gateway failed to process the request.");
	}

}
