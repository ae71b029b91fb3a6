package com.flowsupport.channel.email;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import com.flowsupport.channel.channel.Channel;
import com.flowsupport.channel.channel.ChannelType;
import com.flowsupport.channel.channel.Channels;
import com.flowsupport.channel.channel.Webhooks;
import com.flowsupport.shared.web.Problems;

/**
 * Amazon SES receiving through SNS: the channel's SNS topic posts here. Every message's
 * signature is verified as SNS documents it (the canonical "name\nvalue\n" string of the
 * fields its type signs, SHA1withRSA for version 1 and SHA256withRSA for version 2, with
 * the certificate from an SNS host) and its topic must be the channel's; subscription
 * confirmations are confirmed, and received mail (the raw MIME SES includes) goes the way
 * of every inbound email.
 */
@RestController
class SnsWebhookController {

	private static final Logger log = LoggerFactory.getLogger(SnsWebhookController.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final List<String> NOTIFICATION_FIELDS = List.of("Message", "MessageId", "Subject", "Timestamp",
			"TopicArn", "Type");

	private static final List<String> SUBSCRIPTION_FIELDS = List.of("Message", "MessageId", "SubscribeURL", "Timestamp",
			"Token", "TopicArn", "Type");

	private final Channels channels;

	private final SnsCertificates certificates;

	private final EmailReceiver receiver;

	SnsWebhookController(Channels channels, SnsCertificates certificates, EmailReceiver receiver) {
		this.channels = channels;
		this.certificates = certificates;
		this.receiver = receiver;
	}

	@PostMapping(path = "/webhooks/email/{key}/sns", consumes = { "text/plain", "application/json" })
	ResponseEntity<EmailWebhookController.Accepted> receive(@PathVariable String key, @RequestBody byte[] body) {
		JsonNode message;
		try {
			message = JSON.readTree(body);
		}
		catch (JacksonException ex) {
			throw Webhooks.forbidden();
		}
		Channel channel = this.channels.byRouteKey(key)
			.filter((candidate) -> candidate.type() == ChannelType.EMAIL)
			.filter((candidate) -> candidate.setting("snsTopicArn") != null
					&& candidate.setting("snsTopicArn").equals(message.path("TopicArn").asString("")))
			.filter((candidate) -> verified(message))
			.orElseThrow(Webhooks::forbidden);
		String type = message.path("Type").asString("");
		if ("SubscriptionConfirmation".equals(type)) {
			try {
				this.certificates.confirm(message.path("SubscribeURL").asString(""));
			}
			catch (IOException ex) {
				log.warn("Could not confirm the SNS subscription of channel {}: {}", channel.id(), ex.getMessage());
				throw Problems.of(HttpStatus.BAD_GATEWAY, "sns-confirmation-failed", "Confirmation failed",
						"The subscription could not be confirmed with SNS.");
			}
			return ResponseEntity.ok(new EmailWebhookController.Accepted("confirmed"));
		}
		if (!"Notification".equals(type)) {
			return ResponseEntity.ok(new EmailWebhookController.Accepted("ignored"));
		}
		JsonNode notification;
		try {
			notification = JSON.readTree(message.path("Message").asString(""));
		}
		catch (JacksonException ex) {
			throw Problems.of(HttpStatus.BAD_REQUEST, "invalid-notification", "Invalid notification",
					"The SNS message is not an SES notification.");
		}
		if (!"Received".equals(notification.path("notificationType").asString(""))
				|| !notification.hasNonNull("content")) {
			return ResponseEntity.ok(new EmailWebhookController.Accepted("ignored"));
		}
		String content = notification.path("content").asString();
		boolean base64 = "BASE64"
			.equalsIgnoreCase(notification.path("receipt").path("action").path("encoding").asString(""));
		byte[] raw;
		try {
			raw = base64 ? Base64.getMimeDecoder().decode(content) : content.getBytes(StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw Problems.of(HttpStatus.BAD_REQUEST, "invalid-notification", "Invalid notification",
					"The SES content is not base64.");
		}
		boolean stored = this.receiver.receive(channel, raw).isPresent();
		return ResponseEntity.status(HttpStatus.ACCEPTED)
			.body(new EmailWebhookController.Accepted(stored ? "accepted" : "duplicate"));
	}

	private boolean verified(JsonNode message) {
		String type = message.path("Type").asString("");
		List<String> fields = "Notification".equals(type) ? NOTIFICATION_FIELDS
				: ("SubscriptionConfirmation".equals(type) || "UnsubscribeConfirmation".equals(type))
						? SUBSCRIPTION_FIELDS : null;
		String version = message.path("SignatureVersion").asString("");
		String algorithm = "1".equals(version) ? "SHA1withRSA" : "2".equals(version) ? "SHA256withRSA" : null;
		if (fields == null || algorithm == null) {
			return false;
		}
		Optional<X509Certificate> certificate = this.certificates
			.certificate(message.path("SigningCertURL").asString(""));
		if (certificate.isEmpty()) {
			return false;
		}
		try {
			Signature signature = Signature.getInstance(algorithm);
			signature.initVerify(certificate.get().getPublicKey());
			signature.update(canonical(message, fields).getBytes(StandardCharsets.UTF_8));
			return signature.verify(Base64.getDecoder().decode(message.path("Signature").asString("")));
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			return false;
		}
	}

	/** What SNS signs: each present field of the type, name then value, one per line. */
	static String canonical(JsonNode message, List<String> fields) {
		StringBuilder text = new StringBuilder();
		for (String field : fields) {
			@Nullable JsonNode value = message.get(field);
			if (value != null && !value.isNull()) {
				text.append(field).append('\n').append(value.asString()).append('\n');
			}
		}
		return text.toString();
	}

}
