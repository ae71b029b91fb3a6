package com.flowsupport.shared.web;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.FilterChain;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's word about the client is taken from a trusted proxy only; anyone else
 * sending the header is taken to be the client.
 */
class ClientAddressFilterTest {

	private final ClientAddressFilter filter = new ClientAddressFilter(
			AddressBlocks.parse(List.of("10.0.0.0/8", "fd00::/8")));

	@AfterEach
	void leaveTheRequest() {
		RequestContextHolder.resetRequestAttributes();
	}

	@Test
	void believesTheHeaderFromATrustedProxy() throws Exception {
		assertThat(clientOf(this.filter, "10.1.2.3", "203.0.113.9")).isEqualTo("203.0.113.9");
		assertThat(clientOf(this.filter, "fd00::1", "2001:db8::7")).isEqualTo("2001:db8:0:0:0:0:0:7");
	}

	@Test
	void ignoresTheHeaderFromAnyoneElse() throws Exception {
		assertThat(clientOf(this.filter, "198.51.100.20", "203.0.113.9")).isEqualTo("198.51.100.20");
	}

	@Test
	void takesThePeerWhenTheHeaderIsMissingOrNoSingleAddress() throws Exception {
		assertThat(clientOf(this.filter, "10.1.2.3", null)).isEqualTo("10.1.2.3");
		assertThat(clientOf(this.filter, "10.1.2.3", "gateway.internal")).isEqualTo("10.1.2.3");
		assertThat(clientOf(this.filter, "10.1.2.3", "203.0.113.9, 198.51.100.1")).isEqualTo("10.1.2.3");
	}

	@Test
	void trustsLoopbackAndThePrivateRangesOfPodsByDefault() throws Exception {
		List<String> defaults = Binder.get(new StandardEnvironment())
			.bindOrCreate("flowsupport.web.client-address", ClientAddressProperties.class)
			.trustedProxies();
		ClientAddressFilter filter = new ClientAddressFilter(AddressBlocks.parse(defaults));

		for (String peer : List.of("127.0.0.1", "0:0:0:0:0:0:0:1", "10.244.1.17", "172.20.0.5", "192.168.49.2",
				"100.64.3.4", "fd12::5")) {
			assertThat(clientOf(filter, peer, "203.0.113.9")).as(peer).isEqualTo("203.0.113.9");
		}
		assertThat(clientOf(filter, "203.0.113.50", "198.51.100.1")).isEqualTo("203.0.113.50");
	}

	private static @Nullable String clientOf(ClientAddressFilter filter, String peer, @Nullable String header)
			throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/auth/login");
		request.setRemoteAddr(peer);
		if (header != null) {
			request.addHeader(ClientAddress.HEADER, header);
		}
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
		AtomicReference<@Nullable String> seen = new AtomicReference<>();
		FilterChain handler = (req, res) -> seen.set(ClientAddress.current().orElse(null));
		filter.doFilter(request, new MockHttpServletResponse(), handler);
		return seen.get();
	}

}
