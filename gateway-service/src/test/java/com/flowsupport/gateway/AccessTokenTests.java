package com.flowsupport.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.ForgedTokens;
import com.flowsupport.shared.test.TestJwtIssuer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tokens are checked at the gateway, before anything is routed: every forged, stale or
 * misdirected token is refused with a 401 problem and the service never hears of it.
 */
class AccessTokenTests extends GatewayIntegrationTest {

	@Test
	void passesAValidTokenThroughUnchanged() {
		String token = token();

		ApiClient.Response response = gateway().withToken(token).get("/api/v1/tickets/42");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("ticket /api/v1/tickets/42");
		assertThat(TICKET.received()).singleElement()
			.satisfies((request) -> assertThat(request.header("Authorization")).isEqualTo("Bearer " + token));
	}

	@Test
	void refusesAProtectedPathWithoutAToken() {
		ApiClient.Response response = gateway().get("/api/v1/tickets/42");

		assertUnauthorized(response);
		assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
		assertThat(TICKET.received()).isEmpty();
	}

	@Test
	void servesPublicSurfacesWithoutAToken() {
		ApiClient.Response response = gateway().post("/api/v1/auth/login", Map.of("email", "a@b.test"));

		assertThat(response.status()).isEqualTo(200);
		assertThat(IDENTITY.received()).singleElement()
			.satisfies((request) -> assertThat(request.path()).isEqualTo("/api/v1/auth/login"));
	}

	@Test
	void refusesAnInvalidTokenEvenOnAPublicSurface() {
		String expired = token(UUID.randomUUID(),
				(claims) -> claims.issueTime(ago(Duration.ofMinutes(20))).expirationTime(ago(Duration.ofMinutes(10))));

		ApiClient.Response response = gateway().withToken(expired).get("/api/v1/help/acme/articles");

		assertUnauthorized(response);
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"");
		assertThat(KB.received()).isEmpty();
	}

	@Test
	void refusesTheServicesOwnTokensFromOutside() {
		for (AppRole role : List.of(AppRole.SERVICE, AppRole.PLATFORM)) {
			ApiClient.Response response = gateway()
				.withToken(TestJwtIssuer.get().token(UUID.randomUUID(), UUID.randomUUID(), role))
				.get("/api/v1/tickets/42");
			assertUnauthorized(response);
		}
		assertThat(TICKET.received()).isEmpty();
	}

	@Test
	void passesTheControlTokenOfTheAttackSuite() {
		assertThat(gateway().withToken(ForgedTokens.forTestIssuer().valid()).get("/api/v1/tickets/42").status())
			.isEqualTo(200);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("forgedTokens")
	void refusesForgedAndInvalidTokensBeforeRouting(String token) {
		ApiClient.Response protectedPath = gateway().withToken(token).get("/api/v1/tickets/42");
		ApiClient.Response publicPath = gateway().withToken(token).get("/api/v1/help/acme/articles");

		assertUnauthorized(protectedPath);
		assertUnauthorized(publicPath);
		assertThat(TICKET.received()).isEmpty();
		assertThat(KB.received()).isEmpty();
	}

	/** The platform's attack suite, and what only a bearer-header parser sees. */
	static Stream<Named<String>> forgedTokens() {
		Map<String, String> tokens = new LinkedHashMap<>(ForgedTokens.forTestIssuer().attacks());
		tokens.put("not a token at all", "not a token");
		tokens.put("token with a space inside", token().replaceFirst("\\.", ". "));
		return tokens.entrySet().stream().map((attack) -> Named.of(attack.getKey(), attack.getValue()));
	}

	private static void assertUnauthorized(ApiClient.Response response) {
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().get("status").asInt()).isEqualTo(401);
		assertThat(response.json().get("title").asString()).isEqualTo("Unauthorized");
		assertThat(response.json().get("detail").asString()).isEqualTo("A valid access token is required.");
	}

	private static Date ago(Duration duration) {
		return Date.from(Instant.now().minus(duration));
	}

}
