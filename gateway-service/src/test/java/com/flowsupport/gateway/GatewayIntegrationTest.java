package com.flowsupport.gateway;

import java.util.UUID;

import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.ServiceIntegrationTest;
import com.flowsupport.shared.test.TestJwtIssuer;

/**
 * The gateway running on a random port in front of stand-in services (ai-rag is down),
 * with small limits so that tests reach them quickly. Every test class extends this one,
 * so all share one application context.
 */
@ServiceIntegrationTest
@TestPropertySource(properties = { "flowsupport.gateway.trusted-proxies=127.0.0.1/32",
		"flowsupport.gateway.max-request-size=64KB", "flowsupport.gateway.body-limits.email.max-size=128KB",
		"flowsupport.gateway.cors.console-origins=https://console.flowsupport.test",
		"flowsupport.gateway.cors.widget-origins=https://shop.example.test",
		"spring.cloud.gateway.server.webflux.httpclient.response-timeout=1s",
		"flowsupport.gateway.rate-limit.plans.free.requests=3", "flowsupport.gateway.rate-limit.customer.requests=2",
		"flowsupport.gateway.rate-limit.surfaces.auth.requests=3",
		"flowsupport.gateway.rate-limit.surfaces.widget-sessions.requests=2",
		"management.tracing.sampling.probability=1.0" })
abstract class GatewayIntegrationTest {

	static final Upstream IDENTITY = Upstream.start("identity");

	static final Upstream TICKET = Upstream.start("ticket");

	static final Upstream KB = Upstream.start("kb");

	static final Upstream CHANNEL = Upstream.start("channel");

	@Value("${local.server.port}")
	int port;

	@Value("${local.management.port}")
	int managementPort;

	@DynamicPropertySource
	static void upstreams(DynamicPropertyRegistry registry) {
		registry.add("IDENTITY_SERVICE_URL", IDENTITY::url);
		registry.add("TICKET_SERVICE_URL", TICKET::url);
		registry.add("KB_SERVICE_URL", KB::url);
		registry.add("AI_RAG_SERVICE_URL", Upstream::down);
		registry.add("CHANNEL_SERVICE_URL", CHANNEL::url);
	}

	@BeforeEach
	void forgetEarlierRequests() {
		IDENTITY.forget();
		TICKET.forget();
		KB.forget();
		CHANNEL.forget();
	}

	ApiClient gateway() {
		return ApiClient.at(baseUrl());
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	/** A valid agent token of a tenant of its own (so its own rate-limit budget). */
	static String token() {
		return token(UUID.randomUUID());
	}

	static String token(UUID tenant) {
		return TestJwtIssuer.get().token(tenant, UUID.randomUUID(), AppRole.AGENT);
	}

	static String token(UUID tenant, java.util.function.Consumer<JWTClaimsSet.Builder> adjust) {
		return TestJwtIssuer.get().token(tenant, UUID.randomUUID(), AppRole.AGENT, adjust);
	}

}
