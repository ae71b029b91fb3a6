package com.flowsupport.gateway.edge;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import com.flowsupport.gateway.web.GatewayRejection;

/**
 * Keeps the services' internal endpoints (calls between services, such as
 * identity-service's service tokens) off the public edge: they answer 404, as a path
 * nothing serves, before authentication or any rate-limit budget is spent on them.
 * Services reach each other directly, never through the gateway.
 */
final class InternalPathFilter implements WebFilter, Ordered {

	private final List<PathPattern> internalPaths;

	InternalPathFilter(List<String> internalPaths) {
		this.internalPaths = internalPaths.stream().map(PathPatternParser.defaultInstance::parse).toList();
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 20;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
		for (PathPattern pattern : this.internalPaths) {
			if (pattern.matches(path)) {
				return Mono.error(new GatewayRejection(HttpStatus.NOT_FOUND, "Not Found",
						"No endpoint at " + path.value() + "."));
			}
		}
		return chain.filter(exchange);
	}

}
