package com.flowsupport.gateway;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.web.ClientAddress;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the gateway does to every request on its way in: identity headers a client could
 * spoof are dropped, the service is told the client's address, each request gets an id
 * and a trace context, browsers get CORS answers, and oversized bodies are refused
 * (tests: 64 KB).
 */
class EdgeTests extends GatewayIntegrationTest {

	private static final Pattern UUID_FORMAT = Pattern
		.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

	private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]");

	private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@Test
	void dropsIdentityHeadersAClientCouldSpoofAndKeepsTheRest() {
		String token = token();
		gateway().withToken(token)
			.withHeader("X-Tenant-Id", "00000000-0000-0000-0000-000000000001")
			.withHeader("X-User-Id", "someone-else")
			.withHeader("X-App-Role", "super_admin")
			.withHeader("X-Auth-User", "admin")
			.withHeader("X-FlowSupport-Tenant", "other")
			.withHeader("X-Real-IP", "10.0.0.1")
			.withHeader("X-Client-Version", "console/1.2")
			.get("/api/v1/tickets");

		Upstream.Received received = TICKET.received().get(0);
		assertThat(received.headers().keySet())
			.noneMatch((name) -> name.equalsIgnoreCase("X-Tenant-Id") || name.equalsIgnoreCase("X-User-Id")
					|| name.equalsIgnoreCase("X-App-Role") || name.equalsIgnoreCase("X-Auth-User")
					|| name.equalsIgnoreCase("X-FlowSupport-Tenant") || name.equalsIgnoreCase("X-Real-IP"));
		assertThat(received.header("X-Client-Version")).isEqualTo("console/1.2");
		assertThat(received.header("Authorization")).isEqualTo("Bearer " + token);
	}

	@Test
	void passesAWebhooksSignatureThoughItsNameLooksLikeAnIdentityHeader() {
		gateway().withHeader("X-FlowSupport-Signature", "sha256=abc")
			.withHeader("X-FlowSupport-Tenant", "other")
			.send("POST", "/webhooks/email/route-key", "From: a@example.com", "message/rfc822");

		Upstream.Received received = CHANNEL.received().get(0);
		assertThat(received.header("X-FlowSupport-Signature")).isEqualTo("sha256=abc");
		assertThat(received.headers().keySet()).noneMatch((name) -> name.equalsIgnoreCase("X-FlowSupport-Tenant"));
	}

	@Test
	void tellsTheServiceTheClientsAddressInPlaceOfOneTheClientClaims() {
		gateway().withHeader(ClientAddress.HEADER, "198.51.100.66").get("/widget/widget.js");
		// The tests' peer, 127.0.0.1, is a trusted proxy: the address it saw is the
		// client.
		gateway().withHeader(ClientAddress.HEADER, "198.51.100.66")
			.withHeader("X-Forwarded-For", "203.0.113.9")
			.get("/widget/widget.js");

		assertThat(CHANNEL.received()).extracting((request) -> request.headerValues(ClientAddress.HEADER))
			.containsExactly(List.of("127.0.0.1"), List.of("203.0.113.9"));
	}

	@Test
	void keepsAWellFormedRequestIdAndReturnsIt() {
		ApiClient.Response response = gateway().withHeader("X-Request-Id", "console-7f3a.42").get("/widget/widget.js");

		assertThat(response.header("X-Request-Id")).isEqualTo("console-7f3a.42");
		assertThat(CHANNEL.received().get(0).header("X-Request-Id")).isEqualTo("console-7f3a.42");
	}

	@Test
	void replacesAMissingOrMalformedRequestId() {
		ApiClient.Response missing = gateway().get("/widget/widget.js");
		ApiClient.Response malformed = gateway().withHeader("X-Request-Id", "<script>alert(1)</script>")
			.get("/widget/widget.js");

		assertThat(missing.header("X-Request-Id")).matches(UUID_FORMAT);
		assertThat(malformed.header("X-Request-Id")).matches(UUID_FORMAT);
		assertThat(CHANNEL.received()).extracting((request) -> request.header("X-Request-Id"))
			.containsExactly(missing.header("X-Request-Id"), malformed.header("X-Request-Id"));
	}

	@Test
	void putsTheRequestIdOnTheGatewaysOwnProblemsToo() {
		ApiClient.Response response = gateway().withHeader("X-Request-Id", "trace-me-1").get("/api/v1/tickets");

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("X-Request-Id")).isEqualTo("trace-me-1");
		assertThat(response.json().get("requestId").asString()).isEqualTo("trace-me-1");
	}

	@Test
	void continuesTheCallersTrace() {
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
		gateway().withHeader("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01").get("/widget/widget.js");

		assertThat(CHANNEL.received().get(0).headerValues("traceparent")).singleElement().satisfies((traceparent) -> {
			var matcher = TRACEPARENT.matcher(traceparent);
			assertThat(matcher.matches()).as(traceparent).isTrue();
			assertThat(matcher.group(1)).isEqualTo(traceId);
			assertThat(matcher.group(2)).isNotEqualTo("00f067aa0ba902b7");
		});
	}

	@Test
	void startsATraceWhenTheCallerHasNone() {
		gateway().get("/widget/widget.js");

		assertThat(CHANNEL.received().get(0).header("traceparent")).matches(TRACEPARENT);
	}

	@Test
	void answersThePreflightOfTheConsole() {
		ApiClient.Response response = preflight("https://console.flowsupport.test", "/api/v1/tickets");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo("https://console.flowsupport.test");
		assertThat(response.header("Access-Control-Allow-Methods")).contains("POST");
		assertThat(response.header("Access-Control-Allow-Headers")).containsIgnoringCase("authorization");
		assertThat(TICKET.received()).isEmpty();
	}

	@Test
	void refusesThePreflightOfAnotherOrigin() {
		ApiClient.Response response = preflight("https://evil.example.test", "/api/v1/tickets");

		assertThat(response.status()).isEqualTo(403);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().get("detail").asString()).contains("https://evil.example.test");
		assertThat(response.header("Access-Control-Allow-Origin")).isNull();
		assertThat(TICKET.received()).isEmpty();
	}

	@Test
	void letsWidgetPagesCallTheWidgetOnly() {
		assertThat(preflight("https://shop.example.test", "/widget/sessions").header("Access-Control-Allow-Origin"))
			.isEqualTo("https://shop.example.test");
		assertThat(preflight("https://shop.example.test", "/api/v1/tickets").status()).isEqualTo(403);
	}

	@Test
	void exposesTheHeadersABrowserClientNeeds() {
		ApiClient.Response response = gateway().withToken(token())
			.withHeader("Origin", "https://console.flowsupport.test")
			.get("/api/v1/tickets");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo("https://console.flowsupport.test");
		assertThat(response.header("Access-Control-Expose-Headers")).contains("X-RateLimit-Remaining", "X-Request-Id",
				"Retry-After");
	}

	@Test
	void refusesABodyDeclaredTooLargeBeforeReadingIt() {
		ApiClient.Response response = gateway().withToken(token())
			.send("POST", "/api/v1/tickets", "x".repeat(100 * 1024), "text/plain");

		assertPayloadTooLarge(response.status(), response.contentType(), response.body());
		assertThat(TICKET.received()).isEmpty();
	}

	@Test
	void refusesAStreamedBodyOnceItPassesTheLimit() throws Exception {
		HttpResponse<String> response = HTTP.send(chunkedPost(new byte[100 * 1024]),
				HttpResponse.BodyHandlers.ofString());

		assertPayloadTooLarge(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
				response.body());
		assertThat(TICKET.received()).isEmpty();
	}

	@Test
	void passesAStreamedBodyWithinTheLimitIntact() throws Exception {
		byte[] body = new byte[40 * 1024];
		Arrays.fill(body, (byte) 'a');

		HttpResponse<String> response = HTTP.send(chunkedPost(body), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(TICKET.received()).singleElement()
			.satisfies((request) -> assertThat(request.body()).isEqualTo(body));
	}

	@Test
	void keepsTheServicesInternalEndpointsOffTheEdge() {
		ApiClient.Response response = gateway().withHeader("Authorization", "Basic dGlja2V0LXNlcnZpY2U6Z3Vlc3M=")
			.post("/api/v1/auth/service-token", Map.of("tenantId", UUID.randomUUID()));

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(IDENTITY.received()).isEmpty();
	}

	@Test
	void takesALargerBodyWhereItsPathAllowsOne() {
		ApiClient.Response response = gateway().send("POST", "/webhooks/email/route-key", "x".repeat(100 * 1024),
				"message/rfc822");

		assertThat(response.status()).isEqualTo(200);
		assertThat(CHANNEL.received()).singleElement()
			.satisfies((request) -> assertThat(request.body()).hasSize(100 * 1024));
	}

	@Test
	void refusesABodyOverItsPathsOwnLimit() {
		ApiClient.Response response = gateway().send("POST", "/webhooks/email/route-key", "x".repeat(200 * 1024),
				"message/rfc822");

		assertThat(response.status()).isEqualTo(413);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.body()).contains("The request body exceeds the limit of 128 KB.");
		assertThat(CHANNEL.received()).isEmpty();
	}

	private HttpRequest chunkedPost(byte[] body) {
		// An InputStream publisher has no known length: the body goes out chunked.
		return HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/tickets"))
			.header("Authorization", "Bearer " + token())
			.header("Content-Type", "text/plain")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
			.build();
	}

	private static void assertPayloadTooLarge(int status, String contentType, String body) {
		assertThat(status).isEqualTo(413);
		assertThat(contentType).startsWith("application/problem+json");
		assertThat(body).contains("\"title\":\"Payload too large\"")
			.contains("The request body exceeds the limit of 64 KB.");
	}

	private ApiClient.Response preflight(String origin, String path) {
		return gateway().withHeader("Origin", origin)
			.withHeader("Access-Control-Request-Method", "POST")
			.withHeader("Access-Control-Request-Headers", "authorization,content-type")
			.send("OPTIONS", path, null, null);
	}

}
