package com.flowsupport.gateway.edge;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

import com.flowsupport.gateway.web.GatewayProblems;
import com.flowsupport.shared.web.ClientAddress;

/**
 * What the gateway tells the service on the request it sends: the request's id
 * ({@link RequestIdFilter}) and who the client is (behind the gateway the service's TCP
 * peer is the gateway, so the address the gateway resolved travels in
 * {@link ClientAddress#HEADER}), each replacing whatever the client sent under that name.
 * Both are written into the one copy of the headers made for the service, rather than by
 * rebuilding the exchange's request for each.
 */
final class ServiceRequestHeaders implements HttpHeadersFilter {

	private final ClientAddressResolver clients;

	ServiceRequestHeaders(ClientAddressResolver clients) {
		this.clients = clients;
	}

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		HttpHeaders forwarded = HttpHeaders.copyOf(input);
		String requestId = exchange.getAttribute(GatewayProblems.REQUEST_ID_ATTRIBUTE);
		if (requestId != null) {
			forwarded.set(RequestIdFilter.HEADER, requestId);
		}
		forwarded.set(ClientAddress.HEADER, this.clients.resolve(exchange.getRequest()));
		return forwarded;
	}

}
