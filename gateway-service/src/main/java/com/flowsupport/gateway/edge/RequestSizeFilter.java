package com.flowsupport.gateway.edge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import com.flowsupport.gateway.web.GatewayRejection;

/**
 * Refuses request bodies over the limit with 413. A declared {@code Content-Length} is
 * checked before anything is read or forwarded; a chunked body is counted as it streams
 * and fails as soon as it passes the limit (the circuit breakers' fallback buffers bodies
 * before calling a service, so even then the service sees nothing). The limit is the one
 * of the most specific body limit whose path pattern matches, else the default.
 */
final class RequestSizeFilter implements WebFilter, Ordered {

	private final Limit defaultLimit;

	private final List<PathLimit> pathLimits;

	RequestSizeFilter(DataSize maxRequestSize, Map<String, EdgeProperties.BodyLimit> bodyLimits) {
		this.defaultLimit = new Limit(maxRequestSize);
		List<PathLimit> pathLimits = new ArrayList<>();
		bodyLimits.values()
			.forEach((bodyLimit) -> bodyLimit.paths()
				.forEach((path) -> pathLimits.add(
						new PathLimit(PathPatternParser.defaultInstance.parse(path), new Limit(bodyLimit.maxSize())))));
		pathLimits.sort(Comparator.comparing(PathLimit::pattern, PathPattern.SPECIFICITY_COMPARATOR));
		this.pathLimits = List.copyOf(pathLimits);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 30;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		Limit limit = limitFor(request.getPath().pathWithinApplication());
		HttpHeaders headers = request.getHeaders();
		long declared = headers.getContentLength();
		if (declared > limit.maxBytes()) {
			return Mono.error(limit.exceeded());
		}
		if (declared >= 0 || !headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
			// HTTP framing holds the body to its declared length (or to none at all).
			return chain.filter(exchange);
		}
		return chain.filter(exchange.mutate().request(new CountingRequest(request, limit)).build());
	}

	private Limit limitFor(PathContainer path) {
		for (PathLimit pathLimit : this.pathLimits) {
			if (pathLimit.pattern().matches(path)) {
				return pathLimit.limit();
			}
		}
		return this.defaultLimit;
	}

	private static String readable(DataSize size) {
		long bytes = size.toBytes();
		if (bytes % DataSize.ofMegabytes(1).toBytes() == 0) {
			return size.toMegabytes() + " MB";
		}
		if (bytes % DataSize.ofKilobytes(1).toBytes() == 0) {
			return size.toKilobytes() + " KB";
		}
		return bytes + " bytes";
	}

	private record Limit(long maxBytes, String shown) {

		Limit(DataSize size) {
			this(size.toBytes(), readable(size));
		}

		GatewayRejection exceeded() {
			return new GatewayRejection(HttpStatus.PAYLOAD_TOO_LARGE, "Payload too large",
					"The request body exceeds the limit of " + this.shown + ".");
		}

	}

	private record PathLimit(PathPattern pattern, Limit limit) {
	}

	private static final class CountingRequest extends ServerHttpRequestDecorator {

		private final Limit limit;

		CountingRequest(ServerHttpRequest delegate, Limit limit) {
			super(delegate);
			this.limit = limit;
		}

		@Override
		public Flux<DataBuffer> getBody() {
			AtomicLong seen = new AtomicLong();
			return super.getBody().handle((buffer, sink) -> {
				if (seen.addAndGet(buffer.readableByteCount()) > this.limit.maxBytes()) {
					DataBufferUtils.release(buffer);
					sink.error(this.limit.exceeded());
				}
				else {
					sink.next(buffer);
				}
			});
		}

	}

}
