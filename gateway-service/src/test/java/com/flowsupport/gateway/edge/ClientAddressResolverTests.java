package com.flowsupport.gateway.edge;

import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ClientAddressResolverTests {

	private final ClientAddressResolver behindProxies = new ClientAddressResolver(
			List.of("10.0.0.0/8", "fd00::/8", "192.168.1.7"));

	@Test
	void ignoresForwardedForWhenNoProxyIsTrusted() {
		ClientAddressResolver direct = new ClientAddressResolver(List.of());

		assertThat(direct.resolve(request("10.1.2.3", "203.0.113.9"))).isEqualTo("10.1.2.3");
	}

	@Test
	void ignoresForwardedForFromAPeerThatIsNotATrustedProxy() {
		assertThat(this.behindProxies.resolve(request("198.51.100.20", "203.0.113.9"))).isEqualTo("198.51.100.20");
	}

	@Test
	void takesTheAddressTheTrustedProxySaw() {
		assertThat(this.behindProxies.resolve(request("10.1.2.3", "203.0.113.9"))).isEqualTo("203.0.113.9");
	}

	@Test
	void skipsAChainOfTrustedProxiesButNotWhatTheClientWroteBeforeThem() {
		assertThat(this.behindProxies.resolve(request("10.1.2.3", "1.1.1.1, 203.0.113.9, 192.168.1.7, 10.9.9.9")))
			.isEqualTo("203.0.113.9");
		assertThat(this.behindProxies.resolve(request("10.1.2.3", "1.1.1.1, 203.0.113.9", "10.9.9.9")))
			.isEqualTo("203.0.113.9");
	}

	@Test
	void stopsAtAnEntryThatIsNoAddress() {
		assertThat(this.behindProxies.resolve(request("10.1.2.3", "203.0.113.9, localhost"))).isEqualTo("10.1.2.3");
		assertThat(this.behindProxies.resolve(request("10.1.2.3", "203.0.113.9, 10.0.0.1:8080"))).isEqualTo("10.1.2.3");
	}

	@Test
	void understandsIpv6() {
		assertThat(this.behindProxies.resolve(request("fd00::1", "2001:db8::7"))).isEqualTo("2001:db8:0:0:0:0:0:7");
	}

	@Test
	void refusesABlockThatIsNoAddress() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ClientAddressResolver(List.of("proxy.internal/8")));
		assertThatIllegalArgumentException().isThrownBy(() -> new ClientAddressResolver(List.of("10.0.0.0/33")));
	}

	private static MockServerHttpRequest request(String peer, String... forwardedFor) {
		return MockServerHttpRequest.get("/api/v1/auth/login")
			.remoteAddress(new InetSocketAddress(peer, 40000))
			.header("X-Forwarded-For", forwardedFor)
			.build();
	}

}
