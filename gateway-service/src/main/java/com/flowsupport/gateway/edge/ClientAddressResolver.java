package com.flowsupport.gateway.edge;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import org.springframework.http.server.reactive.ServerHttpRequest;

import com.flowsupport.shared.web.AddressBlocks;

/**
 * The address of the client behind a request. The TCP peer is the client unless it is one
 * of the configured trusted proxies; then {@code X-Forwarded-For} is read from the right,
 * skipping trusted proxies, and the first address not trusted is the client. Entries a
 * client wrote further left are never believed, and with no trusted proxy configured the
 * header is ignored altogether.
 */
public final class ClientAddressResolver {

	private static final String FORWARDED_FOR = "X-Forwarded-For";

	private final AddressBlocks trustedProxies;

	ClientAddressResolver(List<String> trustedProxies) {
		this.trustedProxies = AddressBlocks.parse(trustedProxies);
	}

	public String resolve(ServerHttpRequest request) {
		InetSocketAddress remote = request.getRemoteAddress();
		InetAddress client = (remote != null) ? remote.getAddress() : null;
		if (client == null) {
			return "unknown";
		}
		if (!this.trustedProxies.contains(client)) {
			return client.getHostAddress();
		}
		List<String> values = request.getHeaders().getValuesAsList(FORWARDED_FOR);
		for (int i = values.size() - 1; i >= 0; i--) {
			InetAddress hop = AddressBlocks.parseLiteral(values.get(i).trim());
			if (hop == null) {
				break;
			}
			client = hop;
			if (!this.trustedProxies.contains(hop)) {
				break;
			}
		}
		return client.getHostAddress();
	}

}
