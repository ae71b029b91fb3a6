package com.flowsupport.gateway.edge;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Drops headers a service might mistake for an identity the gateway vouched for
 * ({@code X-Tenant-Id}, {@code X-Auth-*}, ...). Services derive identity from the JWT,
 * which passes unchanged; these headers can only be a client's attempt to impersonate.
 */
final class IdentityHeaderFilter implements WebFilter, Ordered {

	private static final Log logger = LogFactory.getLog(IdentityHeaderFilter.class);

	private final Set<String> names;

	private final List<String> prefixes;

	private final Set<String> kept;

	IdentityHeaderFilter(EdgeProperties.IdentityHeaders headers) {
		this.names = headers.names().stream().map(IdentityHeaderFilter::lower).collect(Collectors.toUnmodifiableSet());
		this.prefixes = headers.prefixes().stream().map(IdentityHeaderFilter::lower).toList();
		this.kept = headers.kept().stream().map(IdentityHeaderFilter::lower).collect(Collectors.toUnmodifiableSet());
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		HttpHeaders headers = exchange.getRequest().getHeaders();
		List<String> spoofed = headers.headerNames().stream().filter(this::isIdentityHeader).toList();
		if (spoofed.isEmpty()) {
			return chain.filter(exchange);
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Dropping client-supplied identity headers " + spoofed);
		}
		ServerHttpRequest request = exchange.getRequest()
			.mutate()
			.headers((mutable) -> spoofed.forEach(mutable::remove))
			.build();
		return chain.filter(exchange.mutate().request(request).build());
	}

	private boolean isIdentityHeader(String name) {
		String lower = lower(name);
		if (this.names.contains(lower)) {
			return true;
		}
		if (this.kept.contains(lower)) {
			return false;
		}
		for (String prefix : this.prefixes) {
			if (lower.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	private static String lower(String name) {
		return name.toLowerCase(Locale.ROOT);
	}

}
