package com.flowsupport.rag.insights;

import java.time.Clock;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.flowsupport.shared.db.SqlValues;
import com.flowsupport.shared.events.Uuids;
import com.flowsupport.shared.tenancy.Tenancy;

/** Records each time the bot handed a customer over to a human, and why. */
@Repository
public class Handoffs {

	private final JdbcClient jdbc;

	private final Clock clock;

	Handoffs(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** Within the caller's transaction, for the tenant in scope. */
	public void record(@Nullable UUID ticketId, @Nullable UUID conversationId, String reason) {
		this.jdbc.sql("""
				INSERT INTO handoff (id, tenant_id, ticket_id, conversation_id, reason, created_at)
				VALUES (?, ?, ?, ?, ?, ?)""")
			.params(SqlValues.uuid(Uuids.timeOrdered()), SqlValues.uuid(Tenancy.require().requireTenantId()),
					SqlValues.uuid(ticketId), SqlValues.uuid(conversationId), reason,
					SqlValues.time(this.clock.instant()))
			.update();
	}

}
