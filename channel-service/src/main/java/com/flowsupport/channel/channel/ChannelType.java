package com.flowsupport.channel.channel;

import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/** What customers use to reach a tenant. */
public enum ChannelType {

	EMAIL, SMS, WHATSAPP, WIDGET;

	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The ticket channel its tickets carry (ticket-service's names). */
	public String ticketChannel() {
		return (this == WIDGET) ? "chat" : value();
	}

	public static Optional<ChannelType> parse(@Nullable String value) {
		for (ChannelType type : values()) {
			if (type.value().equals(value)) {
				return Optional.of(type);
			}
		}
		return Optional.empty();
	}

}
