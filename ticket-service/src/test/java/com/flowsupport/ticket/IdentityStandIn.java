package com.flowsupport.ticket;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import tools.jackson.databind.json.JsonMapper;

import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.test.StandInProperties;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A stand-in for identity-service (WireMock) that every ticket-service test context asks
 * (registered for all of them through {@code META-INF/spring.factories}): it knows the
 * users the tests' callers are ({@link #user}), the groups tests declare
 * ({@link #group}), and hands ticket-service a service token for any tenant. Users and
 * groups it was not told about are unknown to it, as to identity.
 */
public final class IdentityStandIn {

	public static final String SERVICE_SECRET = "ticket-test-secret";

	public static final WireMockServer SERVER = new WireMockServer(options().dynamicPort());

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Map<UUID, Map<String, Object>> GROUPS = new ConcurrentHashMap<>();

	private static StubMapping groupsStub;

	static {
		SERVER.start();
		Runtime.getRuntime().addShutdownHook(new Thread(SERVER::stop));
		// Below the per-tenant stubs a test may add (WireMock's default priority is 5).
		SERVER.stubFor(post(urlPathEqualTo("/api/v1/auth/service-token")).atPriority(10)
			.withBasicAuth("ticket-service", SERVICE_SECRET)
			.willReturn(okJson("{\"accessToken\":\"service:any\",\"expiresIn\":900,\"tokenType\":\"Bearer\"}")));
		publishGroups();
	}

	private IdentityStandIn() {
	}

	/** An active user with this role. */
	public static void user(UUID id, AppRole role) {
		user(id, role.claimValue(), "active");
	}

	public static void user(UUID id, String role, String status) {
		SERVER.stubFor(get(urlPathEqualTo("/api/v1/users/" + id)).withHeader("Authorization", matching("Bearer .+"))
			.willReturn(okJson(JSON.writeValueAsString(Map.of("id", id.toString(), "role", role, "status", status,
					"email", id + "@example.test", "name", "user " + id)))));
	}

	public static Map<String, Object> member(UUID id, String role, String status) {
		return Map.of("id", id.toString(), "role", role, "status", status);
	}

	/** A group identity knows, with these members. */
	@SafeVarargs
	public static UUID group(Map<String, Object>... members) {
		UUID id = UUID.randomUUID();
		GROUPS.put(id,
				Map.of("id", id.toString(), "name", "group " + id, "members",
						Stream.of(members).map((member) -> member.get("id")).toList(), "memberDetails",
						List.of(members), "createdAt", "2026-11-22T10:00:00Z"));
		publishGroups();
		return id;
	}

	private static synchronized void publishGroups() {
		Map<String, Object> page = new HashMap<>();
		page.put("items", List.copyOf(GROUPS.values()));
		page.put("nextCursor", null);
		if (groupsStub != null) {
			SERVER.removeStub(groupsStub);
		}
		groupsStub = SERVER
			.stubFor(get(urlPathEqualTo("/api/v1/groups")).withHeader("Authorization", matching("Bearer .+"))
				.willReturn(okJson(JSON.writeValueAsString(page))));
	}

	/** Points every test context at the stand-in. */
	public static final class Registration extends StandInProperties {

		@Override
		protected Map<String, Object> properties() {
			return Map.of("flowsupport.service-token.identity-url", SERVER.baseUrl(),
					"flowsupport.service-token.client-name", "ticket-service",
					"flowsupport.service-token.client-secret", SERVICE_SECRET);
		}

	}

}
