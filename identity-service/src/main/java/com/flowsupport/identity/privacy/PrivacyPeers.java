package com.flowsupport.identity.privacy;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;

import com.flowsupport.identity.token.AccessTokens;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.Problems;

/**
 * The other services' privacy endpoints ({@code /internal/v1/privacy}, never routed by
 * the gateway), called as identity-service with a service token for the subject's tenant
 * only, which identity signs itself.
 */
@Component
class PrivacyPeers {

	static final String SELF = "identity-service";

	private final Map<String, URI> peers;

	private final AccessTokens tokens;

	private final RestClient http;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	PrivacyPeers(PrivacyJobProperties properties, AccessTokens tokens, JdbcClient jdbc,
			PlatformTransactionManager transactions) {
		this.peers = properties.deployed();
		this.tokens = tokens;
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactions);
		this.transactions.setReadOnly(true);
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(2))
			.build());
		requests.setReadTimeout(properties.callTimeout());
		this.http = RestClient.builder().requestFactory(requests).build();
	}

	/** The deployed services, besides identity itself. */
	List<String> names() {
		return List.copyOf(this.peers.keySet());
	}

	/** The service's sections of the person's export. */
	JsonNode export(String service, UUID tenantId, UUID subjectId, List<String> identifiers) {
		return post(service, tenantId, "/internal/v1/privacy/subjects/{subject}/export", subjectId,
				Map.of("identifiers", identifiers))
			.path("sections");
	}

	/** What the service erased. */
	JsonNode erase(String service, UUID tenantId, UUID subjectId, UUID tombstoneId, List<String> identifiers) {
		return post(service, tenantId, "/internal/v1/privacy/subjects/{subject}/erasure", subjectId,
				Map.of("identifiers", identifiers, "tombstoneId", tombstoneId))
			.path("erased");
	}

	/** The service's records of processing for the tenant. */
	JsonNode processingRecords(String service, UUID tenantId) {
		return Objects
			.requireNonNull(this.http.get()
				.uri(url(service) + "/internal/v1/privacy/processing-records")
				.headers((headers) -> headers.setBearerAuth(token(tenantId)))
				.retrieve()
				.body(JsonNode.class))
			.path("records");
	}

	private JsonNode post(String service, UUID tenantId, String path, UUID subjectId, Object body) {
		return Objects.requireNonNull(this.http.post()
			.uri(url(service) + path, subjectId)
			.headers((headers) -> headers.setBearerAuth(token(tenantId)))
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.body(JsonNode.class), () -> service + " answered without a body");
	}

	/** identity's own service token for the tenant, with its plan as every token has. */
	private String token(UUID tenantId) {
		String plan = Tenancy.callAs(CallerIdentity.service(tenantId, SELF),
				() -> this.transactions.execute((tx) -> this.jdbc.sql("SELECT plan FROM tenant WHERE id = ?")
					.param(tenantId)
					.query(String.class)
					.optional()
					.orElseThrow(() -> Problems.notFound("tenant"))));
		return this.tokens.issueForService(SELF, tenantId, Objects.requireNonNull(plan));
	}

	private String url(String service) {
		URI base = this.peers.get(service);
		if (base == null) {
			throw new IllegalStateException(service + " is no longer configured as a privacy participant");
		}
		String text = base.toString();
		return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
	}

}
