package com.flowsupport.identity;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.TestPropertySource;

import com.flowsupport.shared.test.ServiceIntegrationTest;

/**
 * identity-service on a random port with an operator, a service client and a signing-key
 * lead time short enough to wait for. Test classes carrying it share one application
 * context, and so one view of the signing keys.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ServiceIntegrationTest
@TestPropertySource(
		properties = { "flowsupport.identity.platform-admin.email=" + IdentityIntegrationTest.OPERATOR_EMAIL,
				"flowsupport.identity.platform-admin.password=" + IdentityIntegrationTest.OPERATOR_PASSWORD,
				"flowsupport.identity.service-clients.ticket-service=" + IdentityIntegrationTest.SERVICE_SECRET,
				"flowsupport.identity.signing-key-lead-time=3s" })
public @interface IdentityIntegrationTest {

	String OPERATOR_EMAIL = "ops@flowsupport.test";

	String OPERATOR_PASSWORD = "operators only passphrase";

	String SERVICE_SECRET = "ticket-service-secret";

}
