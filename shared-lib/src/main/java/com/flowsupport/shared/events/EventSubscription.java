package com.flowsupport.shared.events;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * A service's interest in some event types, declared as a bean. Each handler call runs in
 * a transaction, as the service acting for the event's tenant, and at most once per event
 * id (the inbox records it in the same transaction). A handler that throws is retried
 * after {@code flowsupport.events.reclaim-idle}, and after {@code max-attempts}
 * deliveries the message goes to the dead-letter stream.
 *
 * @param name stable consumer name: the consumer group, and the inbox's key
 * @param types the event types handled; others on the same streams are acknowledged and
 * skipped
 * @param handler the reaction
 */
public record EventSubscription(String name, Set<String> types, EventHandler handler) {

	public EventSubscription {
		types = Set.copyOf(types);
		if (types.isEmpty()) {
			throw new IllegalArgumentException("A subscription handles at least one event type");
		}
	}

	Set<String> families() {
		return this.types.stream().map(EventTypes::familyOf).collect(Collectors.toUnmodifiableSet());
	}

	/** Reacts to one event; throwing means "not handled, deliver again". */
	@FunctionalInterface
	public interface EventHandler {

		void handle(EventEnvelope event) throws Exception;

	}

}
