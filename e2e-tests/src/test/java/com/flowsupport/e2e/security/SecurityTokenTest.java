package com.flowsupport.e2e.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.flowsupport.e2e.IdentityKey;
import com.flowsupport.e2e.RunningPlatform;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.ForgedTokens;
import com.flowsupport.shared.test.TestJwtIssuer;

import static com.flowsupport.e2e.security.Org.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * OWASP API2, broken authentication: every forged, stale or misdirected token of
 * {@link ForgedTokens} (alg none, HS256 keyed with the public key, unknown and hostile
 * key ids, wrong audience and issuer, expired, not yet valid, tampered, no tenant, an
 * unknown role) against one route of every service, through the gateway and directly at
 * each service's own port. Each answers 401 and a write carried by a forged token leaves
 * no row.
 */
class SecurityTokenTest {

	/** One authenticated route of each service. */
	private static final Map<String, String> ROUTES = Map.of("identity-service", "/api/v1/users/me", "ticket-service",
			"/api/v1/tickets", "kb-service", "/api/v1/kb/articles", "ai-rag-service", "/api/v1/ai/settings",
			"channel-service", "/api/v1/channels");

	private static RunningPlatform platform;

	private static Org acme;

	private static ForgedTokens forged;

	@BeforeAll
	static void forger() throws Exception {
		platform = RunningPlatform.get();
		acme = Org.signup();
		forged = new ForgedTokens(IdentityKey.active(platform.masterKey()),
				() -> TestJwtIssuer
					.accessTokenClaims(RunningPlatform.ISSUER, UUID.fromString(acme.tenantId()),
							UUID.fromString(acme.adminMember().id()), AppRole.ADMIN)
					.claim("plan", "enterprise"));
	}

	@Test
	void theControlTokenIsAcceptedEverywhere() {
		String token = forged.valid();
		ROUTES.forEach((service, path) -> {
			assertThat(platform.gateway().withToken(token).get(path).status()).as("gateway " + path).isEqualTo(200);
			assertThat(platform.direct(service).withToken(token).get(path).status()).as(service + " " + path)
				.isEqualTo(200);
		});
	}

	@Test
	void everyForgedTokenIsRefusedByTheGatewayAndByEveryService() {
		assertThat(platform.backendServices()).containsExactlyInAnyOrderElementsOf(ROUTES.keySet());
		List<String> accepted = new ArrayList<>();
		forged.attacks().forEach((attack, token) -> ROUTES.forEach((service, path) -> {
			ApiClient.Response viaGateway = platform.gateway().withToken(token).get(path);
			if (viaGateway.status() != 401 || !viaGateway.contentType().startsWith("application/problem+json")) {
				accepted.add(attack + " through the gateway at " + path + " → " + viaGateway.status());
			}
			ApiClient.Response direct = platform.direct(service).withToken(token).get(path);
			if (direct.status() != 401) {
				accepted.add(attack + " directly at " + service + path + " → " + direct.status());
			}
		}));
		assertThat(accepted).isEmpty();
	}

	@Test
	void aWriteWithAForgedTokenStoresNothing() {
		long before = rows("ticket.ticket", acme.tenantId());
		forged.attacks().forEach((attack, token) -> {
			Map<String, String> ticket = Map.of("subject", "Forged " + attack, "description", "d");
			assertThat(platform.gateway().withToken(token).post("/api/v1/tickets", ticket).status()).as(attack)
				.isEqualTo(401);
			assertThat(platform.direct("ticket-service").withToken(token).post("/api/v1/tickets", ticket).status())
				.as(attack)
				.isEqualTo(401);
		});
		assertThat(rows("ticket.ticket", acme.tenantId())).isEqualTo(before);
	}

}
