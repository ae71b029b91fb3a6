package com.flowsupport.gateway.edge;

import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import com.flowsupport.gateway.web.GatewayRejection;

/**
 * Refuses request bodies over the limit with 413. A declared {@code Content-Length} is
 * checked before anything is read or forwarded; a chunked body is counted as it streams
 * and fails as soon as it passes the limit (the circuit breakers' fallback buffers bodies
 * before calling a service, so even then the service sees nothing).
 */
final class RequestSizeFilter implements WebFilter, Ordered {

	private final long maxBytes;

	private final String limit;

	RequestSizeFilter(DataSize maxRequestSize) {
		this.maxBytes = maxRequestSize.toBytes();
		this.limit = readable(maxRequestSize);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 30;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		HttpHeaders headers = request.getHeaders();
		long declared = headers.getContentLength();
		if (declared > this.maxBytes) {
			return Mono.error(tooLarge());
		}
		if (declared >= 0 || !headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
			// HTTP framing holds the body to its declared length (or to none at all).
			return chain.filter(exchange);
		}
		return chain.filter(exchange.mutate().request(new CountingRequest(request)).build());
	}

	private GatewayRejection tooLarge() {
		return new GatewayRejection(HttpStatus.PAYLOAD_TOO_LARGE, "Payload too large",
				"The request body exceeds the limit of " + this.limit + ".");
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

	private final class CountingRequest extends ServerHttpRequestDecorator {

		CountingRequest(ServerHttpRequest delegate) {
			super(delegate);
		}

		@Override
		public Flux<DataBuffer> getBody() {
			AtomicLong seen = new AtomicLong();
			return super.getBody().handle((buffer, sink) -> {
				if (seen.addAndGet(buffer.readableByteCount()) > RequestSizeFilter.this.maxBytes) {
					DataBufferUtils.release(buffer);
					sink.error(tooLarge());
				}
				else {
					sink.next(buffer);
				}
			});
		}

	}

}
