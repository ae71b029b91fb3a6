package com.flowsupport.ticket.privacy;

import java.util.UUID;

import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.TestJwtIssuer;
import com.flowsupport.ticket.IdentityStandIn;

/**
 * Callers of ticket-service in these tests: users known to identity's stand-in, and
 * services.
 */
final class Callers {

	private Callers() {
	}

	static ApiClient user(int port, UUID tenantId, UUID userId, AppRole role) {
		IdentityStandIn.user(userId, role);
		return ApiClient.at("http://localhost:" + port).withToken(TestJwtIssuer.get().token(tenantId, userId, role));
	}

	/**
	 * A service token for the tenant, as identity issues them: no subject, the service
	 * named.
	 */
	static ApiClient service(int port, UUID tenantId, String service) {
		return ApiClient.at("http://localhost:" + port).withToken(TestJwtIssuer.get().serviceToken(tenantId, service));
	}

}
