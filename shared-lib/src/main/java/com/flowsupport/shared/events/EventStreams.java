package com.flowsupport.shared.events;

/** Redis key names for event streams, under the configured key prefix. */
public final class EventStreams {

	private final String prefix;

	public EventStreams(String prefix) {
		this.prefix = prefix;
	}

	public String forType(String type) {
		return forFamily(EventTypes.familyOf(type));
	}

	public String forFamily(String family) {
		return this.prefix + "events:" + family;
	}

	public String deadLetterOf(String stream) {
		return stream + ":dead-letter";
	}

	String relayEpochKey(String service) {
		return this.prefix + "outbox-epoch:" + service;
	}

}
