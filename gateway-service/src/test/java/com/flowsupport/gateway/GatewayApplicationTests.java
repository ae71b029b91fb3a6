package com.flowsupport.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.ArchitectureRules;
import com.flowsupport.shared.test.ServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

@ServiceIntegrationTest
class GatewayApplicationTests {

	private static final HttpServer IDENTITY = upstream("identity-upstream");

	@Value("${local.server.port}")
	int port;

	@Value("${local.management.port}")
	int managementPort;

	@DynamicPropertySource
	static void upstreams(DynamicPropertyRegistry registry) {
		registry.add("IDENTITY_SERVICE_URL", () -> "http://127.0.0.1:" + IDENTITY.getAddress().getPort());
	}

	@AfterAll
	static void stopUpstream() {
		IDENTITY.stop(0);
	}

	@Test
	void routesToTheServiceConfiguredByEnvironment() {
		ApiClient.Response response = ApiClient.at("http://localhost:" + this.port).get("/.well-known/jwks.json");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("identity-upstream /.well-known/jwks.json");
	}

	@Test
	void reportsLivenessAndReadinessOnTheManagementPortOnly() {
		ApiClient management = ApiClient.at("http://localhost:" + this.managementPort);
		assertThat(management.get("/actuator/health/liveness").body()).contains("UP");
		assertThat(management.get("/actuator/health/readiness").body()).contains("UP");
		assertThat(ApiClient.at("http://localhost:" + this.port).get("/actuator/health").status()).isEqualTo(404);
	}

	@Test
	void dependsOnNoOtherService() {
		ArchitectureRules.serviceDependsOnNoOtherService("com.flowsupport.gateway")
			.check(ArchitectureRules.importProduction());
	}

	private static HttpServer upstream(String name) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/", (exchange) -> {
				byte[] body = (name + " " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
				exchange.sendResponseHeaders(200, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
