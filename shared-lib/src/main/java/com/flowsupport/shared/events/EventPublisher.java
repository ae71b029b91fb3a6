package com.flowsupport.shared.events;

import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.flowsupport.shared.observability.TraceContexts;
import com.flowsupport.shared.tenancy.Tenancy;

/**
 * Records an event in the service's outbox, inside the caller's transaction: the event
 * exists if and only if the business change commits. The relay delivers it to the stream
 * afterwards. The event carries the W3C trace context of the change, so that its
 * consumers continue the same trace.
 */
public class EventPublisher {

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final EventStreams streams;

	private final TraceContexts traces;

	public EventPublisher(JdbcTemplate jdbc, JsonMapper json, EventStreams streams, TraceContexts traces) {
		this.jdbc = jdbc;
		this.json = json;
		this.streams = streams;
		this.traces = traces;
	}

	/**
	 * @param type one of {@link EventTypes}
	 * @param data the payload, serialised as JSON
	 * @return the event id
	 */
	public UUID publish(String type, Object data) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("Events are published inside the transaction of the change they describe");
		}
		UUID tenantId = Tenancy.require().requireTenantId();
		UUID id = Uuids.timeOrdered();
		this.jdbc.update("""
				INSERT INTO outbox_event (id, tenant_id, type, stream, payload, trace)
				VALUES (?, ?, ?, ?, ?::jsonb, ?)""", id, tenantId, type, this.streams.forType(type),
				this.json.writeValueAsString(data), this.traces.currentTraceparent());
		return id;
	}

}
