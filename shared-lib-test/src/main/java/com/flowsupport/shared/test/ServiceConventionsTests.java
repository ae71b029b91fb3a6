package com.flowsupport.shared.test;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.UUID;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import com.flowsupport.shared.tenancy.AppRole;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every service that owns a schema must hold, run against the service itself: probes
 * on the management port only, requests observed without the per-filter and per-command
 * overhead, every reachable table sealed by row-level security, and no dependency on
 * another service's code. A service's suite extends this with its schema and package.
 */
@ServiceIntegrationTest
public abstract class ServiceConventionsTests {

	private final String schema;

	private final String servicePackage;

	private final Set<String> globalTables;

	@Value("${local.server.port}")
	int port;

	@Value("${local.management.port}")
	int managementPort;

	@Autowired
	ObservationRegistry observations;

	/**
	 * @param schema the schema the service owns
	 * @param servicePackage its root package
	 * @param globalTables tables deliberately without tenant isolation (keep this empty
	 * unless a table truly belongs to no tenant)
	 */
	protected ServiceConventionsTests(String schema, String servicePackage, Set<String> globalTables) {
		this.schema = schema;
		this.servicePackage = servicePackage;
		this.globalTables = globalTables;
	}

	@Test
	void reportsLivenessAndReadinessOnTheManagementPortOnly() {
		ApiClient management = ApiClient.at("http://localhost:" + this.managementPort);
		assertThat(management.get("/actuator/health/liveness").body()).contains("UP");
		assertThat(management.get("/actuator/health/readiness").body()).contains("UP");
		ApiClient.Response onPublicPort = ApiClient.at("http://localhost:" + this.port)
			.withToken(TestJwtIssuer.get().token(UUID.randomUUID(), UUID.randomUUID(), AppRole.ADMIN))
			.get("/actuator/health");
		// 404 where the test issuer is trusted, 401 where the service trusts only its own
		// keys.
		assertThat(onPublicPort.status()).isIn(401, 404);
		assertThat(onPublicPort.body()).doesNotContain("UP");
	}

	@Test
	void publishesItsOpenApiDescriptionWithoutAToken() {
		ApiClient.Response docs = ApiClient.at("http://localhost:" + this.port).get("/v3/api-docs");
		assertThat(docs.status()).isEqualTo(200);
		assertThat(docs.json().get("openapi").asString()).startsWith("3.");
		assertThat(docs.json().path("paths").toString()).as("service-to-service endpoints in the public API")
			.doesNotContain("\"/internal/");
	}

	@Test
	void observesEachRequestButNotEachSecurityFilterOrRedisCommand() {
		assertThat(isObserved("http.server.requests")).isTrue();
		assertThat(isObserved("spring.security.filterchains")).isFalse();
		assertThat(isObserved("spring.security.authentications")).isFalse();
		assertThat(isObserved("lettuce")).isFalse();
	}

	@Test
	void everyTableOfTheSchemaIsSealedByRowLevelSecurity() throws SQLException {
		try (Connection admin = TestInfrastructure.get().adminConnection()) {
			RowLevelSecurityAssertions.assertTenantTablesSealed(admin, this.schema, this.globalTables);
		}
	}

	@Test
	void dependsOnNoOtherService() {
		ArchitectureRules.serviceDependsOnNoOtherService(this.servicePackage)
			.check(ArchitectureRules.importProduction());
		ArchitectureRules.sharedLibDependsOnNoService().check(ArchitectureRules.importProduction());
	}

	private boolean isObserved(String observation) {
		return !Observation.createNotStarted(observation, this.observations).isNoop();
	}

}
