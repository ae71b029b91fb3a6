package com.flowsupport.shared.observability;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.server.ServerWebExchange;

/**
 * The span of a reactive request: the one of the server observation
 * ({@code http.server.requests}) the exchange carries. A reactive request hops threads,
 * so its span is looked up on the exchange rather than taken from a thread-local scope.
 */
public final class ExchangeSpans {

	private ExchangeSpans() {
	}

	/** The request's span, or {@code null} when the request is not observed. */
	public static @Nullable Span of(ServerWebExchange exchange) {
		return ServerRequestObservationContext.findCurrent(exchange.getAttributes())
			.<TracingContext>map((context) -> context.get(TracingContext.class))
			.map(TracingContext::getSpan)
			.orElse(null);
	}

}
