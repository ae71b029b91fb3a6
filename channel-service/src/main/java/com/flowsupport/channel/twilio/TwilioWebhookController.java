package com.flowsupport.channel.twilio;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import com.flowsupport.channel.ChannelProperties;
import com.flowsupport.channel.channel.Channel;
import com.flowsupport.channel.channel.ChannelUrls;
import com.flowsupport.channel.channel.Channels;
import com.flowsupport.channel.channel.Webhooks;
import com.flowsupport.channel.channel.Provider;
import com.flowsupport.channel.conversation.DeliveryReports;
import com.flowsupport.channel.conversation.Inbound;
import com.flowsupport.channel.conversation.InboundMessages;
import com.flowsupport.channel.conversation.MediaDownloads;
import com.flowsupport.channel.directory.Tickets;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.Problems;

/**
 * Twilio's webhooks for SMS and WhatsApp: incoming messages and delivery status. Each
 * request must carry a valid {@code X-Twilio-Signature} over the public URL Twilio was
 * given (the configured base URL, never the Host header) and the form parameters;
 * otherwise, or for an unknown channel, 403 and nothing is touched. A message Twilio
 * delivers twice (same {@code MessageSid}) is stored once.
 */
@RestController
class TwilioWebhookController {

	private static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>";

	private static final int MAX_MEDIA = 10;

	private final Channels channels;

	private final ChannelUrls urls;

	private final InboundMessages inbound;

	private final DeliveryReports reports;

	private final MediaDownloads downloads;

	private final List<String> mediaHosts;

	private final Clock clock;

	TwilioWebhookController(Channels channels, ChannelUrls urls, InboundMessages inbound, DeliveryReports reports,
			MediaDownloads downloads, ChannelProperties properties, Clock clock) {
		this.clock = clock;
		this.channels = channels;
		this.urls = urls;
		this.inbound = inbound;
		this.reports = reports;
		this.downloads = downloads;
		this.mediaHosts = properties.mediaHosts().twilio();
	}

	@PostMapping(path = "/webhooks/twilio/{key}", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	ResponseEntity<String> message(@PathVariable String key, @RequestBody MultiValueMap<String, String> form,
			@RequestHeader(name = "X-Twilio-Signature", required = false) @Nullable String signature,
			HttpServletRequest request) {
		Channel channel = verified(key, form, signature, request, false);
		String sid = form.getFirst("MessageSid");
		String from = form.getFirst("From");
		if (sid == null || from == null) {
			throw Problems.unprocessable(Map.of("MessageSid", "MessageSid and From are required"));
		}
		if (Tenancy.callAs(CallerIdentity.service(channel.tenantId(), Channels.SERVICE_NAME),
				() -> this.inbound.known(channel.tenantId(), channel.id(), sid))) {
			return ResponseEntity.ok().contentType(MediaType.APPLICATION_XML).body(EMPTY_TWIML);
		}
		List<Tickets.Attachment> media = new ArrayList<>();
		int count = parseCount(form.getFirst("NumMedia"));
		// Twilio serves media to the account's credentials when it enforces HTTP auth.
		String credentials = MediaDownloads.basic(String.valueOf(channel.setting("accountSid")),
				channel.requireSecret("authToken"));
		for (int i = 0; i < Math.min(count, MAX_MEDIA); i++) {
			String url = form.getFirst("MediaUrl" + i);
			String type = Optional.ofNullable(form.getFirst("MediaContentType" + i)).orElse("application/octet-stream");
			media.add(this.downloads.fetch(new Tickets.Attachment("media-" + (i + 1), type, 0, url), this.mediaHosts,
					credentials));
		}
		Map<String, Object> headers = new LinkedHashMap<>();
		String profile = form.getFirst("ProfileName");
		if (profile != null) {
			headers.put("senderName", profile);
		}
		String body = Optional.ofNullable(form.getFirst("Body")).orElse("");
		Tenancy.runAs(CallerIdentity.service(channel.tenantId(), Channels.SERVICE_NAME),
				() -> this.inbound.receive(channel, new Inbound(sid, bare(from), profile, bare(form.getFirst("To")),
						null, body.isBlank() && !media.isEmpty() ? "(media)" : body, media, headers, null, null)));
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_XML).body(EMPTY_TWIML);
	}

	@PostMapping(path = "/webhooks/twilio/{key}/status", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	ResponseEntity<Void> status(@PathVariable String key, @RequestBody MultiValueMap<String, String> form,
			@RequestHeader(name = "X-Twilio-Signature", required = false) @Nullable String signature,
			HttpServletRequest request) {
		Channel channel = verified(key, form, signature, request, true);
		String sid = form.getFirst("MessageSid");
		String status = form.getFirst("MessageStatus");
		if (sid != null && status != null) {
			String mapped = switch (status.toLowerCase(Locale.ROOT)) {
				case "sent" -> "sent";
				case "delivered", "read" -> "delivered";
				case "failed", "undelivered" -> "failed";
				default -> null;
			};
			if (mapped != null) {
				String reason = form.getFirst("ErrorCode");
				Tenancy.runAs(CallerIdentity.service(channel.tenantId(), Channels.SERVICE_NAME), () -> this.reports
					.report(channel, sid, mapped, (reason != null) ? "Twilio error " + reason : null));
			}
		}
		return ResponseEntity.noContent().build();
	}

	private Channel verified(String key, MultiValueMap<String, String> form, @Nullable String signature,
			HttpServletRequest request, boolean statusCallback) {
		return this.channels.byRouteKey(key)
			.filter((channel) -> channel.provider() == Provider.TWILIO)
			.filter((channel) -> {
				String base = statusCallback ? this.urls.statusCallback(channel) : this.urls.webhook(channel);
				String url = (request.getQueryString() != null) ? base + "?" + request.getQueryString() : base;
				return channel.verifying("authToken", this.clock.instant())
					.stream()
					.anyMatch((token) -> TwilioSignature.valid(token, url, form, signature));
			})
			.orElseThrow(Webhooks::forbidden);
	}

	private static int parseCount(@Nullable String value) {
		try {
			return (value != null) ? Math.max(0, Integer.parseInt(value)) : 0;
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	/** Twilio names WhatsApp senders {@code whatsapp:+1555...}. */
	static @Nullable String bare(@Nullable String address) {
		return (address != null && address.startsWith("whatsapp:")) ? address.substring(9) : address;
	}

}
