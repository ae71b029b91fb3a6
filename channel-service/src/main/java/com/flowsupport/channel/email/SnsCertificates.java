package com.flowsupport.channel.email;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import com.flowsupport.channel.ChannelProperties;

/**
 * The certificates SNS signs with, fetched over HTTPS only from SNS's own hosts
 * ({@code sns.<region>.amazonaws.com} by default), only {@code .pem} paths, and kept per
 * URL. A message pointing anywhere else is not verifiable, so it is refused.
 */
@Component
public class SnsCertificates {

	private static final Logger log = LoggerFactory.getLogger(SnsCertificates.class);

	private final List<Pattern> hosts;

	private final Map<String, X509Certificate> cache = new ConcurrentHashMap<>();

	private final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(3))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	public SnsCertificates(ChannelProperties properties) {
		this.hosts = properties.snsCertificateHosts()
			.stream()
			.map((host) -> Pattern
				.compile(Pattern.quote(host.toLowerCase(Locale.ROOT)).replace("*", "\\E[a-z0-9-]+\\Q")))
			.toList();
	}

	/** Whether {@code url} is an https URL on an SNS host. */
	public boolean trustedUrl(String url) {
		try {
			URI uri = new URI(url);
			return "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null && uri.getUserInfo() == null
					&& (uri.getPort() == -1 || uri.getPort() == 443) && this.hosts.stream()
						.anyMatch((host) -> host.matcher(uri.getHost().toLowerCase(Locale.ROOT)).matches());
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

	Optional<X509Certificate> certificate(String url) {
		if (!trustedUrl(url) || !URI.create(url).getPath().endsWith(".pem")) {
			return Optional.empty();
		}
		X509Certificate cached = this.cache.get(url);
		if (cached != null) {
			return Optional.of(cached);
		}
		try {
			X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
				.generateCertificate(new ByteArrayInputStream(download(URI.create(url))));
			certificate.checkValidity();
			this.cache.put(url, certificate);
			return Optional.of(certificate);
		}
		catch (CertificateException | IOException ex) {
			log.warn("No usable SNS certificate at {}: {}", url, ex.getMessage());
			return Optional.empty();
		}
	}

	/** Fetches a URL already checked to be on an SNS host. */
	protected byte[] download(URI url) throws IOException {
		try {
			HttpResponse<byte[]> response = this.http.send(
					HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).GET().build(),
					HttpResponse.BodyHandlers.ofByteArray());
			if (response.statusCode() != 200) {
				throw new IOException("SNS answered " + response.statusCode());
			}
			return response.body();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

	/** Confirms a subscription by visiting its SubscribeURL, on an SNS host. */
	void confirm(String subscribeUrl) throws IOException {
		if (!trustedUrl(subscribeUrl)) {
			throw new IOException("SubscribeURL is not on an SNS host");
		}
		download(URI.create(subscribeUrl));
	}

}
