package com.flowsupport.channel.channel;

import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.jspecify.annotations.Nullable;

import com.flowsupport.shared.web.JsonReader;

/**
 * What each kind of channel is configured with, split into settings (echoed back) and
 * secrets (sealed, never echoed). Validates a request's {@code config} member and merges
 * it over what a channel already has, naming every bad field as {@code config.<name>}.
 */
final class ChannelConfig {

	static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

	private static final Pattern TWILIO_ACCOUNT = Pattern.compile("AC[0-9a-fA-F]{32}");

	private static final Pattern TWILIO_SERVICE = Pattern.compile("MG[0-9a-fA-F]{32}");

	private static final Pattern DIGITS = Pattern.compile("[0-9]{5,20}");

	private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}");

	private static final Pattern TOPIC_ARN = Pattern.compile("arn:aws:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}");

	private static final SecureRandom RANDOM = new SecureRandom();

	/** Secrets channel-service generates itself and shows once, at creation. */
	static final Map<ChannelType, String> GENERATED = Map.of(ChannelType.EMAIL, "webhookSecret", ChannelType.WIDGET,
			"identitySecret");

	private ChannelConfig() {
	}

	record Parsed(@Nullable String address, Map<String, Object> settings, Map<String, String> secrets) {
	}

	private record Spec(Set<String> settings, Set<String> required, Set<String> secrets) {

		Set<String> allowed() {
			Set<String> all = new TreeSet<>(this.settings);
			all.addAll(this.secrets);
			return all;
		}

	}

	private static Spec spec(ChannelType type, Provider provider) {
		return switch (provider) {
			case SMTP -> new Spec(Set.of("address", "fromName", "smtpHost", "smtpPort", "smtpUsername", "smtpStartTls",
					"snsTopicArn"), Set.of("address"), Set.of("smtpPassword"));
			case TWILIO -> new Spec(Set.of("phoneNumber", "accountSid", "messagingServiceSid"),
					Set.of("phoneNumber", "accountSid", "authToken"), Set.of("authToken"));
			case META -> new Spec(Set.of("phoneNumberId", "phoneNumber"),
					Set.of("phoneNumberId", "accessToken", "appSecret", "verifyToken"),
					Set.of("accessToken", "appSecret", "verifyToken"));
			case WIDGET ->
				new Spec(Set.of("allowedOrigins", "identityVerification", "title", "greeting"), Set.of(), Set.of());
		};
	}

	/**
	 * @param config the request's {@code config} member
	 * @param existingSettings what the channel has (empty on creation)
	 * @param existingSecrets its current secrets (empty on creation)
	 * @param internalSmtpHosts whether an SMTP host on the platform's own network is
	 * allowed ({@link SmtpHosts})
	 */
	static Parsed parse(JsonReader in, ChannelType type, Provider provider, Map<String, @Nullable Object> config,
			Map<String, Object> existingSettings, Map<String, String> existingSecrets, boolean internalSmtpHosts) {
		Spec spec = spec(type, provider);
		Map<String, Object> settings = new LinkedHashMap<>(existingSettings);
		Map<String, String> secrets = new LinkedHashMap<>(existingSecrets);
		for (Map.Entry<String, @Nullable Object> entry : config.entrySet()) {
			String name = entry.getKey();
			Object value = entry.getValue();
			String field = "config." + name;
			if (!spec.allowed().contains(name)) {
				in.reject(field, "is not a setting of a " + provider.value() + " " + type.value()
						+ " channel (allowed: " + spec.allowed() + ")");
				continue;
			}
			if (value == null) {
				if (spec.required().contains(name)) {
					in.reject(field, "is required");
				}
				settings.remove(name);
				secrets.remove(name);
				continue;
			}
			if (spec.secrets().contains(name)) {
				if (!(value instanceof String secret) || secret.isBlank() || secret.length() > 1024) {
					in.reject(field, "must be a string of 1 to 1024 characters");
				}
				else {
					secrets.put(name, secret);
				}
				continue;
			}
			Object valid = validSetting(in, field, name, value, internalSmtpHosts);
			if (valid != null) {
				settings.put(name, valid);
			}
		}
		for (String required : spec.required()) {
			if (!settings.containsKey(required) && !secrets.containsKey(required) && !config.containsKey(required)) {
				in.reject("config." + required, "is required");
			}
		}
		String generated = GENERATED.get(type);
		if (generated != null && !secrets.containsKey(generated)) {
			secrets.put(generated, newSecret());
		}
		String address = switch (provider) {
			case SMTP -> (String) settings.get("address");
			case TWILIO -> (String) settings.get("phoneNumber");
			case META -> (String) settings.get("phoneNumberId");
			case WIDGET -> null;
		};
		return new Parsed(address, settings, secrets);
	}

	private static @Nullable Object validSetting(JsonReader in, String field, String name, Object value,
			boolean internalSmtpHosts) {
		switch (name) {
			case "address" -> {
				String address = text(in, field, value, 254);
				if (address == null) {
					return null;
				}
				try {
					InternetAddress parsed = new InternetAddress(address, true);
					if (parsed.getPersonal() != null || !address.contains("@")) {
						throw new AddressException("not a bare address");
					}
					return address.toLowerCase(Locale.ROOT);
				}
				catch (AddressException ex) {
					in.reject(field, "must be an email address like support@example.com");
					return null;
				}
			}
			case "phoneNumber" -> {
				return matching(in, field, value, E164, "must be an E.164 number like +15551234567");
			}
			case "accountSid" -> {
				return matching(in, field, value, TWILIO_ACCOUNT,
						"must be a Twilio account SID (AC and 32 hex digits)");
			}
			case "messagingServiceSid" -> {
				return matching(in, field, value, TWILIO_SERVICE,
						"must be a Twilio messaging service SID (MG and 32 hex digits)");
			}
			case "phoneNumberId" -> {
				return matching(in, field, value, DIGITS, "must be the phone number id Meta shows (digits)");
			}
			case "smtpHost" -> {
				String host = matching(in, field, value, HOST, "must be a host name");
				if (host != null && !internalSmtpHosts && SmtpHosts.namesInternalHost(host)) {
					in.reject(field, "must be a public mail server, not an internal or loopback address");
					return null;
				}
				return host;
			}
			case "snsTopicArn" -> {
				return matching(in, field, value, TOPIC_ARN, "must be an SNS topic ARN");
			}
			case "smtpPort" -> {
				if (value instanceof Integer port && port > 0 && port < 65536) {
					return port;
				}
				in.reject(field, "must be a port number");
				return null;
			}
			case "smtpStartTls", "identityVerification" -> {
				if (value instanceof Boolean flag) {
					return flag;
				}
				in.reject(field, "must be true or false");
				return null;
			}
			case "allowedOrigins" -> {
				return origins(in, field, value);
			}
			default -> {
				return text(in, field, value, ("greeting".equals(name)) ? 500 : 120);
			}
		}
	}

	private static @Nullable List<String> origins(JsonReader in, String field, Object value) {
		if (!(value instanceof List<?> items) || items.size() > 50) {
			in.reject(field, "must be a list of at most 50 origins");
			return null;
		}
		List<String> origins = new ArrayList<>();
		for (Object item : items) {
			String origin = (item instanceof String text) ? text : "";
			try {
				URI uri = URI.create(origin);
				boolean bare = uri.getHost() != null && (uri.getPath() == null || uri.getPath().isEmpty())
						&& uri.getQuery() == null && uri.getFragment() == null && uri.getUserInfo() == null;
				if (!bare || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
					throw new IllegalArgumentException(origin);
				}
				origins.add(origin.toLowerCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				in.reject(field, "must list origins like https://www.example.com");
				return null;
			}
		}
		return origins;
	}

	private static @Nullable String text(JsonReader in, String field, Object value, int max) {
		if (!(value instanceof String text) || text.isBlank() || text.length() > max) {
			in.reject(field, "must be a string of 1 to " + max + " characters");
			return null;
		}
		return text.strip();
	}

	private static @Nullable String matching(JsonReader in, String field, Object value, Pattern pattern,
			String message) {
		if (value instanceof String text && pattern.matcher(text).matches()) {
			return text;
		}
		in.reject(field, message);
		return null;
	}

	static String newSecret() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	static String newRouteKey() {
		byte[] bytes = new byte[18];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
