package com.flowsupport.gateway.edge;

import java.util.ArrayList;
import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsProcessor;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import com.flowsupport.gateway.web.GatewayProblems;

/**
 * CORS is the gateway's alone (services send no CORS headers). The console's origins may
 * call everything; pages embedding the widget may call the widget's paths. Preflights are
 * answered here, before authentication, and a refused origin gets a 403 problem.
 */
final class CorsFilter implements WebFilter, Ordered {

	private static final List<String> ALLOWED_HEADERS = List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE,
			HttpHeaders.ACCEPT, HttpHeaders.ACCEPT_LANGUAGE, HttpHeaders.IF_MATCH, HttpHeaders.IF_NONE_MATCH,
			"Idempotency-Key", RequestIdFilter.HEADER, "traceparent", "tracestate");

	private static final List<String> EXPOSED_HEADERS = List.of(HttpHeaders.ETAG, HttpHeaders.LOCATION,
			HttpHeaders.RETRY_AFTER, RequestIdFilter.HEADER, "X-RateLimit-Limit", "X-RateLimit-Remaining");

	private static final List<String> METHODS = List.of(HttpMethod.GET.name(), HttpMethod.HEAD.name(),
			HttpMethod.POST.name(), HttpMethod.PUT.name(), HttpMethod.PATCH.name(), HttpMethod.DELETE.name());

	private final UrlBasedCorsConfigurationSource configurations = new UrlBasedCorsConfigurationSource();

	private final CorsProcessor processor = new DefaultCorsProcessor();

	CorsFilter(EdgeProperties.Cors cors) {
		CorsConfiguration console = configuration(cors, cors.consoleOrigins());
		List<String> widgetOrigins = new ArrayList<>(cors.consoleOrigins());
		widgetOrigins.addAll(cors.widgetOrigins());
		CorsConfiguration widget = configuration(cors, widgetOrigins);
		// First match wins: the widget's paths before the catch-all.
		cors.widgetPaths().forEach((path) -> this.configurations.registerCorsConfiguration(path, widget));
		this.configurations.registerCorsConfiguration("/**", console);
	}

	private static CorsConfiguration configuration(EdgeProperties.Cors cors, List<String> originPatterns) {
		CorsConfiguration configuration = new CorsConfiguration();
		configuration.setAllowedOriginPatterns(originPatterns);
		configuration.setAllowedMethods(METHODS);
		configuration.setAllowedHeaders(ALLOWED_HEADERS);
		configuration.setExposedHeaders(EXPOSED_HEADERS);
		// Tokens travel in the Authorization header, never in cookies.
		configuration.setAllowCredentials(false);
		configuration.setMaxAge(cors.maxAge());
		return configuration;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 20;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		if (!CorsUtils.isCorsRequest(request)) {
			return chain.filter(exchange);
		}
		CorsConfiguration configuration = this.configurations.getCorsConfiguration(exchange);
		if (configuration == null || !this.processor.process(configuration, exchange)) {
			return GatewayProblems.write(exchange, GatewayProblems.problem(exchange, HttpStatus.FORBIDDEN, "Forbidden",
					"Requests from origin " + request.getHeaders().getOrigin() + " are not allowed."));
		}
		if (CorsUtils.isPreFlightRequest(request)) {
			return Mono.empty();
		}
		return chain.filter(exchange);
	}

}
