package com.flowsupport.channel.conversation;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Media is fetched only from the provider's own hosts over HTTPS: a URL in a webhook
 * names where to fetch from, and without this check a forged or compromised payload could
 * point channel-service at internal addresses (SSRF).
 */
public final class MediaHosts {

	private MediaHosts() {
	}

	/** Whether {@code url} is https on one of {@code hosts} or a subdomain of one. */
	public static boolean allowed(@Nullable String url, List<String> hosts) {
		if (url == null) {
			return false;
		}
		try {
			URI uri = new URI(url);
			String host = uri.getHost();
			if (!"https".equalsIgnoreCase(uri.getScheme()) || host == null || uri.getUserInfo() != null
					|| (uri.getPort() != -1 && uri.getPort() != 443)) {
				return false;
			}
			String normalized = host.toLowerCase(Locale.ROOT);
			return hosts.stream()
				.map((allowed) -> allowed.toLowerCase(Locale.ROOT))
				.anyMatch((allowed) -> normalized.equals(allowed) || normalized.endsWith("." + allowed));
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

}
