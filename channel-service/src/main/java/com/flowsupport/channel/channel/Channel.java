package com.flowsupport.channel.channel;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A channel with its credentials decrypted: held in memory only, never returned by the
 * API (see {@link ChannelView}).
 *
 * @param routeKey names the channel in webhook URLs; the widget's public key
 * @param address the email address or phone number customers write to
 * @param settings non-secret configuration
 * @param secrets credentials and signing secrets (with the values signing secrets
 * replaced, during their grace period: {@link SigningSecrets})
 */
public record Channel(UUID id, UUID tenantId, ChannelType type, Provider provider, String name, String routeKey,
		@Nullable String address, Map<String, Object> settings, Map<String, String> secrets, boolean botEnabled,
		boolean enabled, long version, Instant createdAt, Instant updatedAt) {

	public Channel {
		settings = Map.copyOf(settings);
		secrets = Map.copyOf(secrets);
	}

	public @Nullable String setting(String name) {
		Object value = this.settings.get(name);
		return (value != null) ? value.toString() : null;
	}

	public boolean flag(String name) {
		return Boolean.TRUE.equals(this.settings.get(name));
	}

	public List<String> list(String name) {
		return (this.settings.get(name) instanceof List<?> values) ? values.stream().map(String::valueOf).toList()
				: List.of();
	}

	public @Nullable String secret(String name) {
		return this.secrets.get(name);
	}

	/**
	 * The values of a signing secret that verify at {@code now}: the current one, and the
	 * one it replaced while its grace period lasts.
	 */
	public List<String> verifying(String name, Instant now) {
		String current = requireSecret(name);
		String previous = this.secrets.get(name + SigningSecrets.PREVIOUS);
		String until = this.secrets.get(name + SigningSecrets.PREVIOUS_UNTIL);
		if (previous == null || until == null || !Instant.parse(until).isAfter(now)) {
			return List.of(current);
		}
		return List.of(current, previous);
	}

	public String requireSecret(String name) {
		String value = this.secrets.get(name);
		if (value == null) {
			throw new IllegalStateException("Channel " + this.id + " has no " + name);
		}
		return value;
	}

}
