package com.flowsupport.gateway.edge;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

import com.flowsupport.shared.web.ClientAddress;

/**
 * Tells the service who the client is: behind the gateway the service's TCP peer is the
 * gateway, so the address the gateway resolved travels in {@link ClientAddress#HEADER}.
 * Set on the request to the service, replacing whatever the client sent under that name.
 */
final class ClientAddressForwarding implements HttpHeadersFilter {

	private final ClientAddressResolver clients;

	ClientAddressForwarding(ClientAddressResolver clients) {
		this.clients = clients;
	}

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		HttpHeaders forwarded = HttpHeaders.copyOf(input);
		forwarded.set(ClientAddress.HEADER, this.clients.resolve(exchange.getRequest()));
		return forwarded;
	}

}
