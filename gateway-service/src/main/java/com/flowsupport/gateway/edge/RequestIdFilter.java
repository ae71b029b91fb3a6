package com.flowsupport.gateway.edge;

import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import com.flowsupport.gateway.web.GatewayProblems;

/**
 * Gives every request an {@code X-Request-Id}: the client's, when it is a plain token (so
 * a caller can correlate its own logs), otherwise a new UUID. The id goes to the service
 * ({@link ServiceRequestHeaders}, from the exchange attribute set here) and comes back on
 * every response, the gateway's own problems included.
 */
final class RequestIdFilter implements WebFilter, Ordered {

	static final String HEADER = "X-Request-Id";

	/** Letters, digits and a little punctuation: safe in logs and headers. */
	private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String requestId = accepted(exchange.getRequest().getHeaders().getFirst(HEADER));
		exchange.getAttributes().put(GatewayProblems.REQUEST_ID_ATTRIBUTE, requestId);
		ServerHttpResponse response = exchange.getResponse();
		// Set at commit time so it replaces (not duplicates) a copy echoed by the
		// service.
		response.beforeCommit(() -> {
			response.getHeaders().set(HEADER, requestId);
			return Mono.empty();
		});
		return chain.filter(exchange);
	}

	static String accepted(@Nullable String candidate) {
		if (candidate != null && WELL_FORMED.matcher(candidate).matches()) {
			return candidate;
		}
		return UUID.randomUUID().toString();
	}

}
