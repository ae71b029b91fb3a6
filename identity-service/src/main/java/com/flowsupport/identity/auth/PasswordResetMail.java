package com.flowsupport.identity.auth;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Executor;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriComponentsBuilder;

import com.flowsupport.identity.IdentityProperties;

/**
 * Emails a password reset link (plain text and HTML) through the configured SMTP server
 * ({@code spring.mail.*}), off the request thread: how long the server takes, or whether
 * it answers at all, must neither show in the response (it would tell who has an account)
 * nor fail it. A failed send is logged, never the link; the user can ask again.
 */
@Component
class PasswordResetMail {

	private static final Logger log = LoggerFactory.getLogger(PasswordResetMail.class);

	private static final DateTimeFormatter EXPIRY = DateTimeFormatter
		.ofPattern("HH:mm 'UTC on' d MMMM yyyy", Locale.ENGLISH)
		.withZone(ZoneOffset.UTC);

	private static final String TEXT = """
			Hello %s,

			Someone asked to reset the password of your %s account.
			To choose a new password, open this link:

			%s

			The link works once, until %s.
			If you did not ask for it, ignore this email: your password stays as it is.
			""";

	private static final String HTML = """
			<p>Hello %s,</p>
			<p>Someone asked to reset the password of your %s account.</p>
			<p><a href="%s">Choose a new password</a></p>
			<p>The link works once, until %s.<br>
			If you did not ask for it, ignore this email: your password stays as it is.</p>
			""";

	private static final String WELCOME_TEXT = """
			Hello,

			Someone asked for an account at %s with this email address.
			To finish creating it, choose a password by opening this link:

			%s

			The link works once, until %s.
			If you did not ask for it, ignore this email: nobody can sign in to the account without it.
			""";

	private static final String WELCOME_HTML = """
			<p>Hello,</p>
			<p>Someone asked for an account at %s with this email address.</p>
			<p><a href="%s">Choose a password to finish creating it</a></p>
			<p>The link works once, until %s.<br>
			If you did not ask for it, ignore this email: nobody can sign in to the account without it.</p>
			""";

	private final ObjectProvider<JavaMailSender> mailSender;

	private final Executor executor;

	private final IdentityProperties properties;

	PasswordResetMail(ObjectProvider<JavaMailSender> mailSender,
			@Qualifier(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME) Executor executor,
			IdentityProperties properties) {
		this.mailSender = mailSender;
		this.executor = executor;
		this.properties = properties;
	}

	void send(Reset reset) {
		this.executor.execute(() -> deliver(reset));
	}

	private void deliver(Reset reset) {
		JavaMailSender sender = this.mailSender.getIfAvailable();
		if (sender == null) {
			log.warn("No mail server configured (spring.mail.host): the password reset of user {} in tenant {} "
					+ "was not emailed", reset.userId(), reset.tenantId());
			return;
		}
		String link = UriComponentsBuilder.fromUri(this.properties.passwordReset().linkBase())
			.queryParam("token", reset.token())
			.encode()
			.build()
			.toUriString();
		String expires = EXPIRY.format(reset.expiresAt());
		try {
			MimeMessage message = sender.createMimeMessage();
			MimeMessageHelper helper = new MimeMessageHelper(message, true, StandardCharsets.UTF_8.name());
			helper.setFrom(this.properties.mailFrom());
			helper.setTo(reset.email());
			helper.setSubject((reset.welcome() ? "Finish creating your account at " : "Reset your password for ")
					+ reset.tenantName());
			if (reset.welcome()) {
				// Whoever registered chose the name: it is not repeated to a mailbox that
				// may not be theirs.
				helper.setText(WELCOME_TEXT.formatted(reset.tenantName(), link, expires), WELCOME_HTML
					.formatted(HtmlUtils.htmlEscape(reset.tenantName()), HtmlUtils.htmlEscape(link), expires));
			}
			else {
				helper.setText(TEXT.formatted(reset.name(), reset.tenantName(), link, expires),
						HTML.formatted(HtmlUtils.htmlEscape(reset.name()), HtmlUtils.htmlEscape(reset.tenantName()),
								HtmlUtils.htmlEscape(link), expires));
			}
			sender.send(message);
		}
		catch (MessagingException | MailException ex) {
			log.warn("Could not email the password reset of user {} in tenant {}: {}", reset.userId(), reset.tenantId(),
					ex.getMessage());
		}
	}

	/**
	 * A reset link to send.
	 *
	 * @param token the raw single-use token, known only to this message and its recipient
	 * @param welcome whether the account has no password yet (it was just registered, or
	 * a channel created it): the mail asks to finish creating the account
	 */
	record Reset(UUID tenantId, UUID userId, String email, String name, String tenantName, String token,
			Instant expiresAt, boolean welcome) {

		/** Leaves the token out, so that logging a reset never leaks a working link. */
		@Override
		public String toString() {
			return "Reset[tenantId=" + this.tenantId + ", userId=" + this.userId + ", expiresAt=" + this.expiresAt
					+ "]";
		}

	}

}
