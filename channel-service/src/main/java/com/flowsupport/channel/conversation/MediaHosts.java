package com.flowsupport.channel.conversation;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import com.flowsupport.channel.channel.SmtpHosts;

/**
 * Media is fetched only from the provider's own hosts over HTTPS, from public addresses:
 * a URL in a webhook names where to fetch from, and without this check a forged or
 * compromised payload could point channel-service at internal addresses (SSRF). Hosts
 * match by suffix ({@code twilio.com} allows {@code api.twilio.com}); insecure hosts (a
 * local stand-in in tests, never in production) may also be plain HTTP on any port and
 * internal.
 */
final class MediaHosts {

	private MediaHosts() {
	}

	/**
	 * Why {@code uri} may not be fetched by its text alone, or {@code null} when it may:
	 * HTTPS on port 443 on an allowed host (any HTTP for an insecure one).
	 */
	static @Nullable String refusal(URI uri, List<String> hosts, List<String> insecureHosts) {
		String host = uri.getHost();
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (host == null || uri.getUserInfo() != null || !(scheme.equals("https") || scheme.equals("http"))) {
			return "not an HTTP URL";
		}
		String name = host.toLowerCase(Locale.ROOT);
		if (hosts.stream().noneMatch((entry) -> matches(name, entry))) {
			return "not a provider host: " + name;
		}
		if (insecureHosts.stream().anyMatch((entry) -> matches(name, entry))) {
			return null;
		}
		if (!scheme.equals("https") || (uri.getPort() != -1 && uri.getPort() != 443)) {
			return "not HTTPS on port 443";
		}
		return null;
	}

	/**
	 * Why the host of {@code uri} may not be connected to, or {@code null}: every address
	 * it resolves to must be public, unless the host is an insecure one.
	 */
	static @Nullable String addressRefusal(URI uri, List<String> insecureHosts) {
		String name = String.valueOf(uri.getHost()).toLowerCase(Locale.ROOT);
		if (insecureHosts.stream().anyMatch((entry) -> matches(name, entry))) {
			return null;
		}
		try {
			for (InetAddress address : InetAddress.getAllByName(name)) {
				if (SmtpHosts.isInternal(address)) {
					return "resolves to an internal address: " + name;
				}
			}
		}
		catch (UnknownHostException ex) {
			return "unknown host: " + name;
		}
		return null;
	}

	private static boolean matches(String host, String entry) {
		String allowed = entry.toLowerCase(Locale.ROOT);
		return host.equals(allowed) || host.endsWith("." + allowed);
	}

}
