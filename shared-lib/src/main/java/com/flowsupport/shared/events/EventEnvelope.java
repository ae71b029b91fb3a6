package com.flowsupport.shared.events;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What travels on the streams.
 *
 * @param id unique per event; consumers dedupe on it
 * @param type dotted past tense, one of {@link EventTypes}
 * @param tenantId the tenant the event belongs to
 * @param occurredAt when the producing transaction wrote it
 * @param trace the W3C trace context of the producing request, when there was one
 * @param data the event's own payload
 */
public record EventEnvelope(UUID id, String type, UUID tenantId, Instant occurredAt, @Nullable String trace,
		JsonNode data) {
}
