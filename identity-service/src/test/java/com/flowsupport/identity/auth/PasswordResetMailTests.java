package com.flowsupport.identity.auth;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import com.flowsupport.identity.IdentityProperties;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class PasswordResetMailTests {

	private static final String TOKEN = "pwr1." + UUID.randomUUID()
			+ ".c2VjcmV0IHRoYXQgbXVzdCBub3QgYmUgbG9nZ2VkIGV2ZXI";

	private final IdentityProperties properties = new Binder(new MapConfigurationPropertySource(Map.of()))
		.bindOrCreate("flowsupport.identity", IdentityProperties.class);

	private final PasswordResetMail.Reset reset = new PasswordResetMail.Reset(UUID.randomUUID(), UUID.randomUUID(),
			"ada@example.com", "Ada", "Acme", TOKEN, Instant.now(), false);

	@Test
	void anUnreachableMailServerIsLoggedWithoutTheLinkAndNeverReachesTheCaller(CapturedOutput output)
			throws IOException {
		JavaMailSenderImpl unreachable = new JavaMailSenderImpl();
		unreachable.setHost("127.0.0.1");
		unreachable.setPort(closedPort());
		mail(unreachable).send(this.reset);
		assertThat(output.getAll()).contains("Could not email the password reset of user " + this.reset.userId())
			.doesNotContain(TOKEN);
	}

	@Test
	void withoutAMailServerTheResetIsLoggedAsNotEmailed(CapturedOutput output) {
		new PasswordResetMail(new StaticListableBeanFactory().getBeanProvider(JavaMailSender.class), Runnable::run,
				this.properties)
			.send(this.reset);
		assertThat(output.getAll()).contains("was not emailed").doesNotContain(TOKEN);
		assertThat(this.reset.toString()).doesNotContain(TOKEN);
	}

	private PasswordResetMail mail(JavaMailSender sender) {
		return new PasswordResetMail(
				new StaticListableBeanFactory(Map.of("mailSender", sender)).getBeanProvider(JavaMailSender.class),
				Runnable::run, this.properties);
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
