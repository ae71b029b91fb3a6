package com.flowsupport.shared.observability;

import io.micrometer.tracing.Span;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The reactive twin of {@link RequestLogFilter}: one line per request served, with the
 * trace and span ids of the request's observation. A reactive request hops threads, so
 * the ids are taken from the request's span ({@link ExchangeSpans}) and put into the MDC
 * for the log call only.
 */
class ReactiveRequestLogFilter implements WebFilter, Ordered {

	private static final Logger log = LoggerFactory.getLogger("com.flowsupport.request");

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!log.isInfoEnabled()) {
			return chain.filter(exchange);
		}
		long started = System.nanoTime();
		return chain.filter(exchange).doFinally((signal) -> log(exchange, started));
	}

	private static void log(ServerWebExchange exchange, long started) {
		Span span = ExchangeSpans.of(exchange);
		HttpStatusCode status = exchange.getResponse().getStatusCode();
		try (MDC.MDCCloseable trace = put(LogFields.TRACE_ID, (span != null) ? span.context().traceId() : null);
				MDC.MDCCloseable spanId = put(LogFields.SPAN_ID, (span != null) ? span.context().spanId() : null)) {
			log.info("{} {} -> {} in {} ms", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
					(status != null) ? status.value() : 200, (System.nanoTime() - started) / 1_000_000);
		}
	}

	private static MDC.@Nullable MDCCloseable put(String key, @Nullable String value) {
		return (value != null) ? MDC.putCloseable(key, value) : null;
	}

}
