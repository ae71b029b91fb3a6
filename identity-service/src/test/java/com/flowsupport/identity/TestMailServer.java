package com.flowsupport.identity;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * A real SMTP server (GreenMail) on a free port, where the identity tests' service sends
 * its mail. Mail auto-configuration decides on {@code spring.mail.host} before any
 * dynamic property exists, so {@link IdentityIntegrationTest} sets the host; the port is
 * known only once the server runs.
 */
@TestConfiguration(proxyBeanMethods = false)
class TestMailServer {

	@Bean(initMethod = "start", destroyMethod = "stop")
	GreenMail greenMail() {
		return new GreenMail(ServerSetupTest.SMTP.dynamicPort());
	}

	@Bean
	DynamicPropertyRegistrar mailServerPort(GreenMail greenMail) {
		return (registry) -> registry.add("spring.mail.port", () -> greenMail.getSmtp().getPort());
	}

}
