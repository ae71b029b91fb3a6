package com.flowsupport.channel.conversation;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import com.flowsupport.channel.ChannelProperties;
import com.flowsupport.channel.directory.Tickets;

/**
 * Reads the media customers send through Twilio and Meta, to keep each file's size and
 * SHA-256 with the message and the comment it becomes. Every hop (the URL and each
 * redirect) must pass {@link MediaHosts} for the provider, checked after resolving the
 * host; the provider's credentials go to the first hop only, never to where it redirects.
 * Bytes are digested as they stream and never kept; a file over the size cap, a refused
 * host or a failed download leaves the metadata with the reason it was skipped.
 */
@Component
public class MediaDownloads {

	private static final Logger log = LoggerFactory.getLogger(MediaDownloads.class);

	private static final int MAX_REDIRECTS = 3;

	private final HttpClient client;

	private final long maxBytes;

	private final Duration timeout;

	private final List<String> insecureHosts;

	MediaDownloads(ChannelProperties properties) {
		this.client = HttpClient.newBuilder()
			.connectTimeout(properties.media().connectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		this.maxBytes = properties.media().maxSize().toBytes();
		this.timeout = properties.media().timeout();
		this.insecureHosts = properties.media().insecureHosts();
	}

	/**
	 * @param media what the provider said of the file; its URL is where to read it
	 * @param hosts the provider's media hosts
	 * @param credentials the {@code Authorization} header the provider wants
	 * @return the metadata with size and SHA-256, or with why it was skipped
	 */
	public Tickets.Attachment fetch(Tickets.Attachment media, List<String> hosts, @Nullable String credentials) {
		if (media.url() == null) {
			return skipped(media, null, (media.skipped() != null) ? media.skipped() : "no URL");
		}
		URI uri;
		try {
			uri = new URI(media.url());
		}
		catch (URISyntaxException ex) {
			return skipped(media, null, "not a URL");
		}
		String refusal = MediaHosts.refusal(uri, hosts, this.insecureHosts);
		if (refusal != null) {
			log.warn("Media URL not fetched ({})", refusal);
			return skipped(media, null, refusal);
		}
		try {
			for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
				String unsafe = MediaHosts.addressRefusal(uri, this.insecureHosts);
				if (unsafe != null) {
					log.warn("Media host not connected to ({})", unsafe);
					return skipped(media, media.url(), unsafe);
				}
				HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(this.timeout).GET();
				if (hop == 0 && credentials != null) {
					request.header("Authorization", credentials);
				}
				Digesting body = new Digesting(this.maxBytes);
				CompletableFuture<HttpResponse<Digest>> pending = this.client.sendAsync(request.build(),
						(info) -> (info.statusCode() == 200) ? body
								: HttpResponse.BodySubscribers.replacing(Digest.NONE));
				HttpResponse<Digest> response;
				try {
					response = pending.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
				}
				catch (TimeoutException ex) {
					pending.cancel(true);
					throw ex;
				}
				catch (ExecutionException ex) {
					// Stopping a body over the cap may fail the exchange itself.
					if (body.tooLarge()) {
						return skipped(media, media.url(), "larger than " + this.maxBytes + " bytes");
					}
					throw ex;
				}
				int status = response.statusCode();
				if (status >= 300 && status < 400 && response.headers().firstValue("Location").isPresent()) {
					uri = uri.resolve(response.headers().firstValue("Location").get());
					refusal = MediaHosts.refusal(uri, hosts, this.insecureHosts);
					if (refusal != null) {
						log.warn("Media redirect not followed ({})", refusal);
						return skipped(media, media.url(), "redirected off the provider's hosts: " + refusal);
					}
					continue;
				}
				Digest digest = response.body();
				if (status != 200) {
					return skipped(media, media.url(), "download failed: HTTP " + status);
				}
				if (digest.tooLarge()) {
					return skipped(media, media.url(), "larger than " + this.maxBytes + " bytes");
				}
				String type = response.headers()
					.firstValue("Content-Type")
					.map((value) -> value.split(";")[0].strip())
					.filter((value) -> !value.isEmpty() && value.length() <= 255)
					.orElse(media.contentType());
				return new Tickets.Attachment(media.fileName(), type, digest.size(), media.url(), digest.sha256(),
						null);
			}
			return skipped(media, media.url(), "too many redirects");
		}
		catch (TimeoutException ex) {
			return skipped(media, media.url(), "download timed out");
		}
		catch (ExecutionException ex) {
			return skipped(media, media.url(), "download failed: " + ex.getCause().getClass().getSimpleName());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return skipped(media, media.url(), "download interrupted");
		}
	}

	private static Tickets.Attachment skipped(Tickets.Attachment media, @Nullable String url, String reason) {
		return new Tickets.Attachment(media.fileName(), media.contentType(), media.size(), url, null, reason);
	}

	private record Digest(long size, @Nullable String sha256, boolean tooLarge) {

		static final Digest NONE = new Digest(0, null, false);

	}

	/** Digests a body as it arrives, and stops reading once it passes the cap. */
	private static final class Digesting implements HttpResponse.BodySubscriber<Digest> {

		private final CompletableFuture<Digest> result = new CompletableFuture<>();

		private final MessageDigest sha256;

		private final long max;

		private volatile long size;

		private Flow.@Nullable Subscription subscription;

		Digesting(long max) {
			this.max = max;
			try {
				this.sha256 = MessageDigest.getInstance("SHA-256");
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

		boolean tooLarge() {
			return this.size > this.max;
		}

		@Override
		public CompletionStage<Digest> getBody() {
			return this.result;
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(List<ByteBuffer> buffers) {
			if (this.result.isDone()) {
				return;
			}
			for (ByteBuffer buffer : buffers) {
				this.size += buffer.remaining();
				if (this.size > this.max) {
					this.result.complete(new Digest(this.size, null, true));
					if (this.subscription != null) {
						this.subscription.cancel();
					}
					return;
				}
				this.sha256.update(buffer);
			}
		}

		@Override
		public void onError(Throwable error) {
			this.result.completeExceptionally((error instanceof IOException) ? error : new IOException(error));
		}

		@Override
		public void onComplete() {
			this.result.complete(new Digest(this.size, HexFormat.of().formatHex(this.sha256.digest()), false));
		}

	}

	/** The {@code Authorization} header of HTTP basic authentication. */
	public static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

}
