package com.flowsupport.gateway.edge;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.propagation.Propagator;
import org.jspecify.annotations.Nullable;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

import com.flowsupport.gateway.web.GatewayProblems;
import com.flowsupport.shared.observability.ExchangeSpans;
import com.flowsupport.shared.web.ClientAddress;

/**
 * What the gateway tells the service on the request it sends, each replacing whatever the
 * client sent under that name:
 * <ul>
 * <li>the request's id ({@link RequestIdFilter});</li>
 * <li>who the client is: behind the gateway the service's TCP peer is the gateway, so the
 * address the gateway resolved travels in {@link ClientAddress#HEADER};</li>
 * <li>the trace: W3C {@code traceparent} naming the gateway's span of the request (a
 * child of the caller's, when the caller sent one), so the service's span is its child.
 * The call to the service is not observed on its own (no client span or
 * {@code http.client.requests} timer; Spring Cloud Gateway's observability is off): the
 * gateway's server span and {@code http.server.requests} already cover it.</li>
 * </ul>
 * All are written into the one copy of the headers made for the service, rather than by
 * rebuilding the exchange's request for each.
 */
final class ServiceRequestHeaders implements HttpHeadersFilter {

	private final ClientAddressResolver clients;

	private final @Nullable Propagator propagator;

	ServiceRequestHeaders(ClientAddressResolver clients, @Nullable Propagator propagator) {
		this.clients = clients;
		this.propagator = propagator;
	}

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		HttpHeaders forwarded = HttpHeaders.copyOf(input);
		String requestId = exchange.getAttribute(GatewayProblems.REQUEST_ID_ATTRIBUTE);
		if (requestId != null) {
			forwarded.set(RequestIdFilter.HEADER, requestId);
		}
		forwarded.set(ClientAddress.HEADER, this.clients.resolve(exchange.getRequest()));
		Span span = ExchangeSpans.of(exchange);
		if (this.propagator != null && span != null) {
			this.propagator.fields().forEach(forwarded::remove);
			this.propagator.inject(span.context(), forwarded, HttpHeaders::set);
		}
		return forwarded;
	}

}
