package com.flowsupport.channel.channel;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * A channel as the API shows it: settings, the names of the secrets it holds (never their
 * values), and the URLs to give the provider.
 *
 * @param webhookUrl where the provider delivers inbound messages
 * @param statusCallbackUrl where Twilio reports delivery status
 * @param widgetKey the public key a widget is embedded with
 * @param secretsSet which secrets are stored
 * @param rotatingSecrets signing secrets that were replaced, with when the value they
 * replaced stops verifying
 * @param generatedSecrets secrets channel-service generated, shown once when created
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ChannelView(UUID id, String type, String provider, String name, @Nullable String address,
		Map<String, Object> config, List<String> secretsSet, @Nullable Map<String, String> rotatingSecrets,
		boolean botEnabled, boolean enabled, String webhookUrl, @Nullable String statusCallbackUrl,
		@Nullable String widgetKey, @Nullable String embedSnippet, @Nullable Map<String, String> generatedSecrets,
		long version, Instant createdAt, Instant updatedAt) {

	static ChannelView of(Channel channel, ChannelUrls urls, boolean showGenerated) {
		Map<String, String> generated = null;
		String generatedName = ChannelConfig.GENERATED.get(channel.type());
		if (showGenerated && generatedName != null) {
			generated = Map.of(generatedName, channel.requireSecret(generatedName));
		}
		boolean widget = channel.type() == ChannelType.WIDGET;
		Map<String, String> rotating = new TreeMap<>();
		channel.secrets().forEach((name, value) -> {
			if (name.endsWith(SigningSecrets.PREVIOUS_UNTIL)) {
				rotating.put(name.substring(0, name.length() - SigningSecrets.PREVIOUS_UNTIL.length()), value);
			}
		});
		List<String> names = channel.secrets()
			.keySet()
			.stream()
			.filter((name) -> !SigningSecrets.bookkeeping(name))
			.sorted()
			.toList();
		return new ChannelView(channel.id(), channel.type().value(), channel.provider().value(), channel.name(),
				channel.address(), channel.settings(), names, rotating.isEmpty() ? null : rotating,
				channel.botEnabled(), channel.enabled(), urls.webhook(channel),
				(channel.provider() == Provider.TWILIO) ? urls.statusCallback(channel) : null,
				widget ? channel.routeKey() : null, widget ? urls.embedSnippet(channel) : null, generated,
				channel.version(), channel.createdAt(), channel.updatedAt());
	}

}
