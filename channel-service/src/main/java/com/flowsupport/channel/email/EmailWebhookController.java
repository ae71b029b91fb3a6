package com.flowsupport.channel.email;

import java.time.Clock;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import com.flowsupport.channel.channel.Channel;
import com.flowsupport.channel.channel.ChannelType;
import com.flowsupport.channel.channel.Channels;
import com.flowsupport.channel.channel.Webhooks;
import com.flowsupport.channel.conversation.Message;
import com.flowsupport.shared.web.Problems;

/**
 * Inbound email from a provider that posts raw MIME (Mailgun's, Postmark's and SendGrid's
 * inbound routes can), signed with the channel's webhook secret:
 * {@code X-FlowSupport-Signature: sha256=<hex HMAC-SHA256 of the body>}. An unknown
 * channel and a bad signature get the same 403, and nothing is stored.
 */
@RestController
class EmailWebhookController {

	static final String SIGNATURE_HEADER = "X-FlowSupport-Signature";

	private final Channels channels;

	private final EmailReceiver receiver;

	private final Clock clock;

	EmailWebhookController(Channels channels, EmailReceiver receiver, Clock clock) {
		this.channels = channels;
		this.receiver = receiver;
		this.clock = clock;
	}

	record Accepted(String status) {
	}

	@PostMapping(path = "/webhooks/email/{key}",
			consumes = { "message/rfc822", "application/octet-stream", "text/plain" })
	ResponseEntity<Accepted> receive(@PathVariable String key, @RequestBody byte[] body,
			@RequestHeader(name = SIGNATURE_HEADER, required = false) String signature) {
		Channel channel = this.channels.byRouteKey(key)
			.filter((candidate) -> candidate.type() == ChannelType.EMAIL)
			.filter((candidate) -> candidate.verifying("webhookSecret", this.clock.instant())
				.stream()
				.anyMatch((secret) -> WebhookSignatures.validSha256Header(secret, body, signature)))
			.orElseThrow(Webhooks::forbidden);
		if (body.length > EmailParser.MAX_BYTES) {
			throw Problems.of(HttpStatus.CONTENT_TOO_LARGE, "email-too-large", "Email too large",
					"Emails up to " + EmailParser.MAX_BYTES / (1024 * 1024) + " MB are taken.");
		}
		Optional<Message> stored = this.receiver.receive(channel, body);
		return ResponseEntity.status(HttpStatus.ACCEPTED)
			.body(new Accepted(stored.isPresent() ? "accepted" : "duplicate"));
	}

}
