package com.flowsupport.channel.meta;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.flowsupport.channel.channel.Channel;
import com.flowsupport.channel.channel.Channels;
import com.flowsupport.channel.channel.Webhooks;
import com.flowsupport.channel.channel.Provider;
import com.flowsupport.channel.conversation.DeliveryReports;
import com.flowsupport.channel.conversation.Inbound;
import com.flowsupport.channel.conversation.InboundMessages;
import com.flowsupport.channel.directory.Tickets;
import com.flowsupport.channel.email.WebhookSignatures;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.Problems;

/**
 * WhatsApp through Meta's Cloud API. {@code GET} answers Meta's subscription handshake
 * with {@code hub.challenge} when {@code hub.verify_token} is the channel's; {@code POST}
 * takes notifications signed with {@code X-Hub-Signature-256} (HMAC-SHA256 of the raw
 * body with the app secret), for this channel's phone number id only: new messages
 * (stored once per WhatsApp message id) and statuses of what we sent.
 */
@RestController
class MetaWebhookController {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final List<String> MEDIA_TYPES = List.of("image", "document", "audio", "video", "sticker");

	private final Channels channels;

	private final InboundMessages inbound;

	private final DeliveryReports reports;

	private final MetaMedia metaMedia;

	private final Clock clock;

	MetaWebhookController(Channels channels, InboundMessages inbound, DeliveryReports reports, MetaMedia media,
			Clock clock) {
		this.clock = clock;
		this.channels = channels;
		this.inbound = inbound;
		this.reports = reports;
		this.metaMedia = media;
	}

	@GetMapping(path = "/webhooks/meta/{key}", produces = MediaType.TEXT_PLAIN_VALUE)
	String verify(@PathVariable String key, @RequestParam(name = "hub.mode", required = false) @Nullable String mode,
			@RequestParam(name = "hub.verify_token", required = false) @Nullable String token,
			@RequestParam(name = "hub.challenge", required = false) @Nullable String challenge) {
		if (!"subscribe".equals(mode) || token == null || challenge == null) {
			throw Webhooks.forbidden();
		}
		return this.channels.byRouteKey(key)
			.filter((channel) -> channel.provider() == Provider.META)
			.filter((channel) -> channel.verifying("verifyToken", this.clock.instant())
				.stream()
				.anyMatch((expected) -> MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
						token.getBytes(StandardCharsets.UTF_8))))
			.map((channel) -> challenge)
			.orElseThrow(Webhooks::forbidden);
	}

	@PostMapping(path = "/webhooks/meta/{key}", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Void> receive(@PathVariable String key, @RequestBody byte[] body,
			@RequestHeader(name = "X-Hub-Signature-256", required = false) @Nullable String signature) {
		Channel channel = this.channels.byRouteKey(key)
			.filter((candidate) -> candidate.provider() == Provider.META)
			.filter((candidate) -> candidate.verifying("appSecret", this.clock.instant())
				.stream()
				.anyMatch((secret) -> WebhookSignatures.validSha256Header(secret, body, signature)))
			.orElseThrow(Webhooks::forbidden);
		JsonNode payload;
		try {
			payload = JSON.readTree(body);
		}
		catch (JacksonException ex) {
			throw Problems.of(HttpStatus.BAD_REQUEST, "invalid-body", "Invalid body", "The body is not JSON.");
		}
		Tenancy.runAs(CallerIdentity.service(channel.tenantId(), Channels.SERVICE_NAME), () -> {
			for (JsonNode entry : payload.path("entry").values()) {
				for (JsonNode change : entry.path("changes").values()) {
					JsonNode value = change.path("value");
					if (!value.path("metadata").path("phone_number_id").asString("").equals(channel.address())) {
						continue;
					}
					messages(channel, value);
					statuses(channel, value);
				}
			}
		});
		return ResponseEntity.ok().build();
	}

	private void messages(Channel channel, JsonNode value) {
		Map<String, String> names = new LinkedHashMap<>();
		for (JsonNode contact : value.path("contacts").values()) {
			names.put(contact.path("wa_id").asString(""), contact.path("profile").path("name").asString(null));
		}
		for (JsonNode message : value.path("messages").values()) {
			String id = message.path("id").asString(null);
			String from = message.path("from").asString(null);
			if (id == null || from == null || this.inbound.known(channel.tenantId(), channel.id(), id)) {
				continue;
			}
			String type = message.path("type").asString("text");
			String text = message.path("text").path("body").asString("");
			List<Tickets.Attachment> attachments = new ArrayList<>();
			if (MEDIA_TYPES.contains(type)) {
				JsonNode media = message.path(type);
				text = media.path("caption").asString(text);
				attachments.add(this.metaMedia.fetch(channel, media.path("id").asString(""),
						media.path("filename").asString(type),
						media.path("mime_type").asString("application/octet-stream")));
			}
			String name = names.get(from);
			Map<String, Object> headers = new LinkedHashMap<>();
			if (name != null) {
				headers.put("senderName", name);
			}
			String sender = "+" + from.replaceAll("[^0-9]", "");
			this.inbound.receive(channel, new Inbound(id, sender, name, channel.setting("phoneNumber"), null,
					text.isBlank() ? "(" + type + ")" : text, attachments, headers, null, null));
		}
	}

	private void statuses(Channel channel, JsonNode value) {
		for (JsonNode status : value.path("statuses").values()) {
			String id = status.path("id").asString(null);
			String mapped = switch (status.path("status").asString("").toLowerCase(Locale.ROOT)) {
				case "sent" -> "sent";
				case "delivered", "read" -> "delivered";
				case "failed" -> "failed";
				default -> null;
			};
			if (id == null || mapped == null) {
				continue;
			}
			String reason = status.path("errors").path(0).path("title").asString(null);
			this.reports.report(channel, id, mapped, reason);
		}
	}

}
