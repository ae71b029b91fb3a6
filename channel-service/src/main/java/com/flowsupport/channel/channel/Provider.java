package com.flowsupport.channel.channel;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/** Who carries a channel's messages, and which channel types each carries. */
public enum Provider {

	SMTP(Set.of(ChannelType.EMAIL)), TWILIO(Set.of(ChannelType.SMS, ChannelType.WHATSAPP)),
	META(Set.of(ChannelType.WHATSAPP)), WIDGET(Set.of(ChannelType.WIDGET));

	private final Set<ChannelType> carries;

	Provider(Set<ChannelType> carries) {
		this.carries = carries;
	}

	public boolean carries(ChannelType type) {
		return this.carries.contains(type);
	}

	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static Optional<Provider> parse(@Nullable String value) {
		for (Provider provider : values()) {
			if (provider.value().equals(value)) {
				return Optional.of(provider);
			}
		}
		return Optional.empty();
	}

	/** The provider a type has when the request names none. */
	public static Provider defaultFor(ChannelType type) {
		return switch (type) {
			case EMAIL -> SMTP;
			case SMS, WHATSAPP -> TWILIO;
			case WIDGET -> WIDGET;
		};
	}

}
