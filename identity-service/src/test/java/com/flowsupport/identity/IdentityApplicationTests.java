package com.flowsupport.identity;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;

import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.ArchitectureRules;
import com.flowsupport.shared.test.RowLevelSecurityAssertions;
import com.flowsupport.shared.test.ServiceIntegrationTest;
import com.flowsupport.shared.test.TestInfrastructure;
import com.flowsupport.shared.test.TestJwtIssuer;

import static org.assertj.core.api.Assertions.assertThat;

@ServiceIntegrationTest
class IdentityApplicationTests {

	@Value("${local.server.port}")
	int port;

	@Value("${local.management.port}")
	int managementPort;

	@Test
	void reportsLivenessAndReadinessOnTheManagementPortOnly() {
		ApiClient management = ApiClient.at("http://localhost:" + this.managementPort);
		assertThat(management.get("/actuator/health/liveness").body()).contains("UP");
		assertThat(management.get("/actuator/health/readiness").body()).contains("UP");
		ApiClient publicPort = ApiClient.at("http://localhost:" + this.port)
			.withToken(TestJwtIssuer.get().token(UUID.randomUUID(), UUID.randomUUID(), AppRole.ADMIN));
		assertThat(publicPort.get("/actuator/health").status()).isEqualTo(404);
	}

	@Test
	void everyTableOfTheSchemaIsSealedByRowLevelSecurity() throws SQLException {
		try (Connection admin = TestInfrastructure.get().adminConnection()) {
			RowLevelSecurityAssertions.assertTenantTablesSealed(admin, "identity", "identity_app", Set.of());
		}
	}

	@Test
	void dependsOnNoOtherService() {
		ArchitectureRules.serviceDependsOnNoOtherService("com.flowsupport.identity")
			.check(ArchitectureRules.importProduction());
		ArchitectureRules.sharedLibDependsOnNoService().check(ArchitectureRules.importProduction());
	}

}
