package com.flowsupport.kb;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.TestJwtIssuer;

/** A caller of the kb API: one user of one tenant, with a token for their role. */
public record KbApi(UUID tenantId, UUID userId, AppRole role, ApiClient client) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	public static KbApi as(int port, UUID tenantId, AppRole role) {
		UUID userId = UUID.randomUUID();
		return new KbApi(tenantId, userId, role,
				ApiClient.at("http://localhost:" + port).withToken(TestJwtIssuer.get().token(tenantId, userId, role)));
	}

	/** No token at all: a visitor of the public help center. */
	public static ApiClient anonymous(int port) {
		return ApiClient.at("http://localhost:" + port);
	}

	public JsonNode article(Map<String, ?> body) {
		ApiClient.Response response = this.client.post("/api/v1/kb/articles", body);
		if (response.status() != 201) {
			throw new AssertionError("create answered " + response.status() + ": " + response.body());
		}
		return response.json();
	}

	public JsonNode published(String title, String body, String visibility) {
		return article(Map.of("title", title, "body", body, "visibility", visibility, "status", "published"));
	}

	public ApiClient.Response patch(String id, Map<String, ?> body) {
		return this.client.send("PATCH", "/api/v1/kb/articles/" + id, JSON.writeValueAsString(body),
				"application/json");
	}

	public ApiClient.Response patch(String id, Map<String, ?> body, String ifMatch) {
		return this.client.withHeader("If-Match", ifMatch)
			.send("PATCH", "/api/v1/kb/articles/" + id, JSON.writeValueAsString(body), "application/json");
	}

	public ApiClient.Response get(String path) {
		return this.client.get(path);
	}

	public ApiClient.Response post(String path, Object body) {
		return this.client.post(path, body);
	}

	public JsonNode search(String query) {
		ApiClient.Response response = this.client.get("/api/v1/kb/search?q=" + encode(query));
		if (response.status() != 200) {
			throw new AssertionError("search answered " + response.status() + ": " + response.body());
		}
		return response.json();
	}

	public static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

}
