package com.flowsupport.gateway.web;

import java.net.ConnectException;
import java.net.UnknownHostException;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.jspecify.annotations.Nullable;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.NotFoundException;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Turns a failed call to a service into the problem the client sees: 503 when the service
 * cannot be reached or its circuit is open, 504 when it did not answer in time, 502 when
 * it answered with something that is not HTTP.
 */
final class UpstreamFailures {

	private UpstreamFailures() {
	}

	static boolean isUpstreamFailure(Throwable failure) {
		return failure instanceof CallNotPermittedException || timedOut(failure) || unreachable(failure)
				|| find(failure, java.io.IOException.class) != null;
	}

	static ProblemDetail problem(ServerWebExchange exchange, Throwable failure) {
		String service = serviceName(exchange);
		if (failure instanceof ResponseStatusException rejection && rejection.getStatusCode().is4xxClientError()) {
			return ErrorProblems.forStatus(exchange, HttpStatus.valueOf(rejection.getStatusCode().value()), rejection);
		}
		if (failure instanceof CallNotPermittedException) {
			return GatewayProblems.problem(exchange, HttpStatus.SERVICE_UNAVAILABLE, "upstream-unavailable",
					"Service unavailable",
					"The " + service + " is failing and is not called for a short while; retry shortly.");
		}
		if (timedOut(failure)) {
			return GatewayProblems.problem(exchange, HttpStatus.GATEWAY_TIMEOUT, "upstream-timeout", "Gateway timeout",
					"The " + service + " did not answer in time.");
		}
		if (unreachable(failure)) {
			return GatewayProblems.problem(exchange, HttpStatus.SERVICE_UNAVAILABLE, "upstream-unavailable",
					"Service unavailable", "The " + service + " cannot be reached; retry shortly.");
		}
		return GatewayProblems.problem(exchange, HttpStatus.BAD_GATEWAY, "Bad gateway",
				"The " + service + " did not send a valid response.");
	}

	private static boolean timedOut(Throwable failure) {
		if (failure instanceof ResponseStatusException status
				&& status.getStatusCode().value() == HttpStatus.GATEWAY_TIMEOUT.value()) {
			return true;
		}
		return find(failure, java.util.concurrent.TimeoutException.class) != null
				|| find(failure, org.springframework.cloud.gateway.support.TimeoutException.class) != null
				|| find(failure, io.netty.handler.timeout.ReadTimeoutException.class) != null;
	}

	private static boolean unreachable(Throwable failure) {
		return find(failure, ConnectException.class) != null || find(failure, UnknownHostException.class) != null
				|| find(failure, NotFoundException.class) != null;
	}

	private static <T extends Throwable> @Nullable T find(Throwable failure, Class<T> type) {
		for (Throwable current = failure; current != null; current = current.getCause()) {
			if (type.isInstance(current)) {
				return type.cast(current);
			}
			if (current.getCause() == current) {
				break;
			}
		}
		return null;
	}

	/** "the ticket service" for route {@code ticket} (and its docs route). */
	private static String serviceName(ServerWebExchange exchange) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		if (route == null) {
			return "upstream service";
		}
		String id = route.getId().replaceFirst("-docs$", "");
		return id + " service";
	}

}
