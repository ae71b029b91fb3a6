package com.flowsupport.channel.channel;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.flowsupport.channel.ChannelProperties;
import com.flowsupport.shared.web.CursorPage;
import com.flowsupport.shared.web.Cursors;
import com.flowsupport.shared.web.ETags;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.JsonReader;
import com.flowsupport.shared.web.Problems;

/**
 * The channels admin API: admins connect and configure channels, agents may look. Secrets
 * go in and never come out.
 */
@RestController
@RequestMapping("/api/v1/channels")
class ChannelController {

	private static final Set<String> CREATE_FIELDS = Set.of("type", "provider", "name", "config", "botEnabled");

	private static final Set<String> UPDATE_FIELDS = Set.of("name", "config", "botEnabled", "enabled");

	private final Channels channels;

	private final ChannelUrls urls;

	private final boolean internalSmtpHosts;

	private final SecretRotation rotation;

	private final SecretKeyRing keys;

	ChannelController(Channels channels, ChannelUrls urls, ChannelProperties properties, SecretRotation rotation,
			SecretKeyRing keys) {
		this.channels = channels;
		this.urls = urls;
		this.internalSmtpHosts = properties.internalSmtpHosts();
		this.rotation = rotation;
		this.keys = keys;
	}

	record Rotated(String name, String value, @Nullable String previousValidUntil) {
	}

	record ReEncrypted(String currentKey, int reEncrypted) {
	}

	/**
	 * A new value for a secret channel-service generated (an email channel's
	 * {@code webhookSecret}, a widget's {@code identitySecret}), shown this once; the old
	 * value still verifies for the grace period. Provider secrets rotate by
	 * {@code PATCH}.
	 */
	@PostMapping("/{id}/secrets/{name}/rotate")
	Rotated rotate(@PathVariable UUID id, @PathVariable String name) {
		Channel updated = this.channels.update(id, null, (current) -> {
			if (!name.equals(ChannelConfig.GENERATED.get(current.type()))) {
				throw Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "secret-not-generated", "Not a generated secret",
						"Only " + ChannelConfig.GENERATED.values()
								+ " are generated; provider secrets change by PATCH.");
			}
			Map<String, String> secrets = new LinkedHashMap<>(current.secrets());
			secrets.put(name, ChannelConfig.newSecret());
			return new Channel(current.id(), current.tenantId(), current.type(), current.provider(), current.name(),
					current.routeKey(), current.address(), current.settings(), secrets, current.botEnabled(),
					current.enabled(), current.version(), current.createdAt(), current.updatedAt());
		});
		return new Rotated(name, updated.requireSecret(name), updated.secret(name + SigningSecrets.PREVIOUS_UNTIL));
	}

	/** Seals the tenant's channel secrets again with the current key of the ring. */
	@PostMapping("/re-encrypt")
	ReEncrypted reEncrypt() {
		UUID tenantId = Tenancy.requireRole(AppRole.ADMIN, AppRole.SUPER_ADMIN).requireTenantId();
		return new ReEncrypted(this.keys.currentKey(), this.rotation.reEncrypt(tenantId));
	}

	@PostMapping
	ResponseEntity<ChannelView> create(@RequestBody(required = false) @Nullable JsonNode body) {
		JsonReader in = new JsonReader(body, CREATE_FIELDS);
		ChannelType type = in.choice("type", ChannelType::parse, "email, sms, whatsapp, widget");
		if (type == null && !in.has("type")) {
			in.reject("type", "is required");
		}
		Provider provider = in.choice("provider", Provider::parse, "smtp, twilio, meta, widget");
		String name = in.text("name", 120, true);
		Boolean bot = in.bool("botEnabled");
		Map<String, @Nullable Object> config = in.object("config");
		ChannelConfig.Parsed parsed = null;
		if (type != null) {
			Provider chosen = (provider != null) ? provider : Provider.defaultFor(type);
			if (!chosen.carries(type)) {
				in.reject("provider", chosen.value() + " does not carry " + type.value() + " channels");
			}
			else {
				provider = chosen;
				parsed = ChannelConfig.parse(in, type, chosen, config, Map.of(), Map.of(), this.internalSmtpHosts);
			}
		}
		in.finish();
		Channel channel = this.channels
			.create(new Channels.Draft(Objects.requireNonNull(type), Objects.requireNonNull(provider),
					Objects.requireNonNull(name), Objects.requireNonNull(parsed), Boolean.TRUE.equals(bot)));
		return ResponseEntity.created(URI.create("/api/v1/channels/" + channel.id()))
			.eTag(ETags.of(channel.version()))
			.body(ChannelView.of(channel, this.urls, true));
	}

	@GetMapping
	CursorPage<ChannelView> list(@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor) {
		int size = Cursors.limit(limit);
		return CursorPage
			.fromLookahead(this.channels.page(Cursors.decode(cursor, UUID.class), size + 1), size, Channel::id)
			.map((channel) -> ChannelView.of(channel, this.urls, false));
	}

	@GetMapping("/{id}")
	ResponseEntity<ChannelView> get(@PathVariable UUID id) {
		Channel channel = this.channels.get(id);
		return ResponseEntity.ok().eTag(ETags.of(channel.version())).body(ChannelView.of(channel, this.urls, false));
	}

	@PatchMapping("/{id}")
	ResponseEntity<ChannelView> update(@PathVariable UUID id, @RequestBody(required = false) @Nullable JsonNode body,
			@RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
		JsonReader in = new JsonReader(body, UPDATE_FIELDS);
		String name = in.text("name", 120, in.has("name"));
		Boolean bot = in.bool("botEnabled");
		Boolean enabled = in.bool("enabled");
		Map<String, @Nullable Object> config = in.object("config");
		in.finish();
		Channel updated = this.channels.update(id, ETags.expectedVersion(ifMatch), (current) -> {
			JsonReader checks = new JsonReader(body, UPDATE_FIELDS);
			ChannelConfig.Parsed parsed = ChannelConfig.parse(checks, current.type(), current.provider(), config,
					new LinkedHashMap<>(current.settings()), new LinkedHashMap<>(current.secrets()),
					this.internalSmtpHosts);
			checks.finish();
			return new Channel(current.id(), current.tenantId(), current.type(), current.provider(),
					(name != null) ? name : current.name(), current.routeKey(), parsed.address(), parsed.settings(),
					parsed.secrets(), (bot != null) ? bot : current.botEnabled(),
					(enabled != null) ? enabled : current.enabled(), current.version(), current.createdAt(),
					current.updatedAt());
		});
		return ResponseEntity.ok().eTag(ETags.of(updated.version())).body(ChannelView.of(updated, this.urls, false));
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable UUID id) {
		this.channels.delete(id);
	}

}
