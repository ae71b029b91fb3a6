package com.flowsupport.ticket;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.TestJwtIssuer;

/**
 * A caller of the ticket API: one user of one tenant, with a token for their role, known
 * to the {@link IdentityStandIn}.
 */
record TicketApi(UUID tenantId, UUID userId, AppRole role, ApiClient client) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static TicketApi as(int port, UUID tenantId, AppRole role) {
		return as(port, tenantId, UUID.randomUUID(), role, List.of(), false);
	}

	static TicketApi as(int port, UUID tenantId, UUID userId, AppRole role, List<UUID> groups, boolean restricted) {
		IdentityStandIn.user(userId, role);
		String token = TestJwtIssuer.get().token(tenantId, userId, role, (claims) -> {
			if (role == AppRole.AGENT) {
				claims.claim("groups", groups.stream().map(UUID::toString).toList());
				claims.claim("group_restricted", restricted);
			}
		});
		return new TicketApi(tenantId, userId, role, ApiClient.at("http://localhost:" + port).withToken(token));
	}

	ApiClient.Response create(Map<String, ?> body) {
		return this.client.post("/api/v1/tickets", body);
	}

	JsonNode createOk(Map<String, ?> body) {
		ApiClient.Response response = create(body);
		if (response.status() != 201) {
			throw new AssertionError("create answered " + response.status() + ": " + response.body());
		}
		return response.json();
	}

	ApiClient.Response get(String path) {
		return this.client.get(path);
	}

	ApiClient.Response ticket(String id) {
		return this.client.get("/api/v1/tickets/" + id);
	}

	ApiClient.Response patch(String id, Map<String, ?> body) {
		return this.client.send("PATCH", "/api/v1/tickets/" + id, JSON.writeValueAsString(body), "application/json");
	}

	ApiClient.Response patch(String id, Map<String, ?> body, String ifMatch) {
		return this.client.withHeader("If-Match", ifMatch)
			.send("PATCH", "/api/v1/tickets/" + id, JSON.writeValueAsString(body), "application/json");
	}

	ApiClient.Response comment(String id, Map<String, ?> body) {
		return this.client.post("/api/v1/tickets/" + id + "/comments", body);
	}

	ApiClient.Response post(String path, Map<String, ?> body) {
		return this.client.post(path, body);
	}

	ApiClient.Response search(String query) {
		return this.client.get("/api/v1/tickets/search?q="
				+ java.net.URLEncoder.encode(query, java.nio.charset.StandardCharsets.UTF_8));
	}

}
