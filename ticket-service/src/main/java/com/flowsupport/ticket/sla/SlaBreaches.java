package com.flowsupport.ticket.sla;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.flowsupport.shared.events.EventPublisher;
import com.flowsupport.shared.events.EventTypes;
import com.flowsupport.shared.events.Uuids;
import com.flowsupport.shared.db.SqlValues;
import com.flowsupport.ticket.ticket.FieldChange;
import com.flowsupport.ticket.ticket.Priority;
import com.flowsupport.ticket.ticket.Ticket;

/**
 * Marks a ticket's SLA breached, once: the breach time is the due time that passed. Each
 * mark writes an audit entry and publishes one {@code sla.breached}, in the transaction
 * that sets {@code sla_breached_at} while it is still unset, so the mark and its
 * announcements commit together or not at all.
 */
@Component
class SlaBreaches {

	private static final String ACTOR_ROLE = "service";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final EventPublisher events;

	private final MeterRegistry meters;

	SlaBreaches(JdbcClient jdbc, JsonMapper json, EventPublisher events, ObjectProvider<MeterRegistry> meters) {
		this.jdbc = jdbc;
		this.json = json;
		this.events = events;
		this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
		// Every priority's series exists from the start, at zero: a rate over a series
		// that
		// appears only with the first breach would miss that breach.
		for (Priority priority : Priority.values()) {
			breaches(priority.value());
		}
	}

	/** A ticket whose clocks were overdue, as it stood when it was marked. */
	record Breach(UUID tenantId, UUID ticketId, long ticketNumber, @Nullable UUID policyId, String priority,
			String status, @Nullable UUID assigneeId, @Nullable UUID groupId, @Nullable Instant firstReplyDueAt,
			@Nullable Instant nextReplyDueAt, @Nullable Instant resolutionDueAt, Instant breachedAt) {

		/** The metrics whose due time had passed at {@code now}. */
		List<String> metrics(Instant now) {
			List<String> metrics = new ArrayList<>();
			if (this.firstReplyDueAt != null && !this.firstReplyDueAt.isAfter(now)) {
				metrics.add("firstReply");
			}
			if (this.nextReplyDueAt != null && !this.nextReplyDueAt.isAfter(now)) {
				metrics.add("nextReply");
			}
			if (this.resolutionDueAt != null && !this.resolutionDueAt.isAfter(now)) {
				metrics.add("resolution");
			}
			return metrics;
		}

	}

	/**
	 * The earliest due time of the ticket that has passed at {@code now}, if it is not
	 * marked breached yet.
	 */
	static @Nullable Instant overdueSince(Ticket ticket, Instant now) {
		Ticket.Sla sla = ticket.sla();
		if (sla.breachedAt() != null) {
			return null;
		}
		Instant earliest = null;
		for (Instant due : new Instant[] { sla.firstReplyDueAt(), sla.nextReplyDueAt(), sla.resolutionDueAt() }) {
			if (due != null && (earliest == null || due.isBefore(earliest))) {
				earliest = due;
			}
		}
		return (earliest != null && !earliest.isAfter(now)) ? earliest : null;
	}

	/**
	 * The scan's way, as the tenant's service identity: marks the ticket if it is still
	 * overdue and unmarked. A row another transaction holds (a second instance marking
	 * it, an agent updating it) is skipped; the next scan sees how it ended.
	 * @return whether this call marked it
	 */
	boolean markIfOverdue(UUID tenantId, UUID ticketId, Instant now) {
		Breach breach = this.jdbc.sql("""
				WITH target AS (
					SELECT id FROM ticket
					WHERE tenant_id = :tenantId AND id = :ticketId AND sla_breached_at IS NULL
						AND status NOT IN ('solved', 'closed')
						AND least(first_reply_due_at, next_reply_due_at, resolution_due_at) <= :now
					FOR UPDATE SKIP LOCKED)
				UPDATE ticket t
				SET sla_breached_at = least(t.first_reply_due_at, t.next_reply_due_at, t.resolution_due_at),
					updated_at = greatest(t.updated_at, :now), version = t.version + 1
				FROM target WHERE t.id = target.id
				RETURNING t.tenant_id, t.id, t.number, t.sla_policy_id, t.priority, t.status, t.assignee_id, t.group_id,
					t.first_reply_due_at, t.next_reply_due_at, t.resolution_due_at, t.sla_breached_at""")
			.param("tenantId", tenantId)
			.param("ticketId", ticketId)
			.param("now", SqlValues.time(now))
			.query((rs, row) -> new Breach(rs.getObject("tenant_id", UUID.class), rs.getObject("id", UUID.class),
					rs.getLong("number"), rs.getObject("sla_policy_id", UUID.class), rs.getString("priority"),
					rs.getString("status"), rs.getObject("assignee_id", UUID.class),
					rs.getObject("group_id", UUID.class), SqlValues.instant(rs, "first_reply_due_at"),
					SqlValues.instant(rs, "next_reply_due_at"), SqlValues.instant(rs, "resolution_due_at"),
					Objects.requireNonNull(SqlValues.instant(rs, "sla_breached_at"))))
			.optional()
			.orElse(null);
		if (breach == null) {
			return false;
		}
		announce(breach, now);
		return true;
	}

	/**
	 * The pipeline's way, for a ticket being updated after a due time passed but before a
	 * scan noticed (an agent answering late): without it the late answer would clear the
	 * due time and the breach would go unrecorded. The update's optimistic lock keeps a
	 * concurrent scan from marking it twice.
	 */
	void markInUpdate(Ticket ticket, Instant breachedAt, Instant now) {
		Ticket.Sla sla = ticket.sla();
		Breach breach = new Breach(ticket.tenantId(), ticket.id(), ticket.number(), sla.policyId(),
				ticket.priority().value(), ticket.status().value(), ticket.assigneeId(), ticket.groupId(),
				sla.firstReplyDueAt(), sla.nextReplyDueAt(), sla.resolutionDueAt(), breachedAt);
		sla.breached(breachedAt);
		announce(breach, now);
	}

	private void announce(Breach breach, Instant now) {
		List<String> metrics = breach.metrics(now);
		this.jdbc.sql("""
				INSERT INTO ticket_audit (id, tenant_id, ticket_id, actor_id, actor_role, via, changes, occurred_at)
				VALUES (?, ?, ?, NULL, ?, ?, ?::jsonb, ?)""")
			.params(Uuids.timeOrdered(), breach.tenantId(), breach.ticketId(), ACTOR_ROLE, via(breach.policyId()),
					this.json.writeValueAsString(List.of(new FieldChange("slaBreachedAt", null, breach.breachedAt()),
							new FieldChange("slaBreachedMetrics", null, metrics))),
					SqlValues.time(now))
			.update();
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("ticketId", breach.ticketId());
		event.put("ticketNumber", breach.ticketNumber());
		event.put("policyId", breach.policyId());
		event.put("metrics", metrics);
		event.put("breachedAt", breach.breachedAt());
		event.put("firstReplyDueAt", breach.firstReplyDueAt());
		event.put("nextReplyDueAt", breach.nextReplyDueAt());
		event.put("resolutionDueAt", breach.resolutionDueAt());
		event.put("priority", breach.priority());
		event.put("status", breach.status());
		event.put("assigneeId", breach.assigneeId());
		event.put("groupId", breach.groupId());
		this.events.publish(EventTypes.SLA_BREACHED, event);
		breaches(breach.priority()).increment();
	}

	/**
	 * By priority only: a tenant tag would grow with the customer base (tenants' breaches
	 * are in the audit trail and the sla.breached events).
	 */
	private Counter breaches(String priority) {
		return Counter.builder("flowsupport.ticket.sla.breaches")
			.description("Tickets marked as having breached their SLA")
			.tag("priority", priority)
			.register(this.meters);
	}

	private static String via(@Nullable UUID policyId) {
		return (policyId != null) ? "sla:" + policyId : "sla";
	}

}
