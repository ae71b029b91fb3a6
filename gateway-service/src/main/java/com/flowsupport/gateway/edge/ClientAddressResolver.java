package com.flowsupport.gateway.edge;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The address of the client behind a request. The TCP peer is the client unless it is one
 * of the configured trusted proxies; then {@code X-Forwarded-For} is read from the right,
 * skipping trusted proxies, and the first address not trusted is the client. Entries a
 * client wrote further left are never believed, and with no trusted proxy configured the
 * header is ignored altogether.
 */
public final class ClientAddressResolver {

	private static final String FORWARDED_FOR = "X-Forwarded-For";

	private static final Pattern IPV4 = Pattern
		.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

	private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

	private final List<Cidr> trustedProxies;

	ClientAddressResolver(List<String> trustedProxies) {
		this.trustedProxies = trustedProxies.stream().filter((cidr) -> !cidr.isBlank()).map(Cidr::parse).toList();
	}

	public String resolve(ServerHttpRequest request) {
		InetSocketAddress remote = request.getRemoteAddress();
		InetAddress client = (remote != null) ? remote.getAddress() : null;
		if (client == null) {
			return "unknown";
		}
		if (!isTrusted(client)) {
			return client.getHostAddress();
		}
		List<String> values = request.getHeaders().getValuesAsList(FORWARDED_FOR);
		for (int i = values.size() - 1; i >= 0; i--) {
			InetAddress hop = parseLiteral(values.get(i).trim());
			if (hop == null) {
				break;
			}
			client = hop;
			if (!isTrusted(hop)) {
				break;
			}
		}
		return client.getHostAddress();
	}

	private boolean isTrusted(InetAddress address) {
		for (Cidr proxy : this.trustedProxies) {
			if (proxy.contains(address)) {
				return true;
			}
		}
		return false;
	}

	/** An IP literal, never a host name (no DNS lookups on client input). */
	static @Nullable InetAddress parseLiteral(String text) {
		if (!IPV4.matcher(text).matches() && !IPV6.matcher(text).matches()) {
			return null;
		}
		try {
			return InetAddress.getByName(text);
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	/** An address block such as {@code 10.0.0.0/8} or {@code fd00::/8}. */
	record Cidr(byte[] network, int prefixLength) {

		static Cidr parse(String text) {
			String[] parts = text.trim().split("/", 2);
			InetAddress address = parseLiteral(parts[0]);
			if (address == null) {
				throw new IllegalArgumentException("Not an IP address block: " + text);
			}
			byte[] bytes = address.getAddress();
			int prefix = (parts.length == 2) ? Integer.parseInt(parts[1]) : bytes.length * 8;
			if (prefix < 0 || prefix > bytes.length * 8) {
				throw new IllegalArgumentException("Prefix length out of range: " + text);
			}
			return new Cidr(bytes, prefix);
		}

		boolean contains(InetAddress address) {
			byte[] candidate = address.getAddress();
			if (candidate.length != this.network.length) {
				return false;
			}
			int fullBytes = this.prefixLength / 8;
			for (int i = 0; i < fullBytes; i++) {
				if (candidate[i] != this.network[i]) {
					return false;
				}
			}
			int remainingBits = this.prefixLength % 8;
			if (remainingBits == 0) {
				return true;
			}
			int mask = (0xFF << (8 - remainingBits)) & 0xFF;
			return (candidate[fullBytes] & mask) == (this.network[fullBytes] & mask);
		}

	}

}
