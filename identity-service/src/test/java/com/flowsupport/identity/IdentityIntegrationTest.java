package com.flowsupport.identity;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import com.flowsupport.shared.test.ServiceIntegrationTest;

/**
 * identity-service on a random port with an operator, a service client, a signing-key
 * lead time short enough to wait for, and a real SMTP server ({@link TestMailServer}).
 * Test classes carrying it share one application context, and so one view of the signing
 * keys and one mailbox.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ServiceIntegrationTest
@Import(TestMailServer.class)
@TestPropertySource(
		properties = { "flowsupport.identity.platform-admin.email=" + IdentityIntegrationTest.OPERATOR_EMAIL,
				"flowsupport.identity.platform-admin.password=" + IdentityIntegrationTest.OPERATOR_PASSWORD,
				"flowsupport.identity.service-clients.ticket-service=" + IdentityIntegrationTest.SERVICE_SECRET,
				"flowsupport.identity.signing-key-lead-time=3s", "spring.mail.host=127.0.0.1",
				"flowsupport.identity.mail-from=" + IdentityIntegrationTest.MAIL_FROM,
				"flowsupport.identity.password-reset.link-base=" + IdentityIntegrationTest.RESET_PAGE })
public @interface IdentityIntegrationTest {

	String OPERATOR_EMAIL = "ops@flowsupport.test";

	String OPERATOR_PASSWORD = "operators only passphrase";

	String SERVICE_SECRET = "ticket-service-secret";

	String MAIL_FROM = "no-reply@flowsupport.test";

	String RESET_PAGE = "https://console.flowsupport.test/reset-password";

}
