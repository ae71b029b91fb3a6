package com.flowsupport.rag.answer;

import java.time.Instant;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.flowsupport.shared.db.SqlValues;

/**
 * Every answer given, abstentions included: the basis of metrics and feedback. Each is
 * also counted for Prometheus ({@code flowsupport.ai.answers} by source, generator,
 * outcome and abstention reason).
 */
@Repository
class AnswerLog {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final MeterRegistry meters;

	AnswerLog(JdbcClient jdbc, JsonMapper json, ObjectProvider<MeterRegistry> meters) {
		this.jdbc = jdbc;
		this.json = json;
		this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
	}

	record Context(String source, String question, @Nullable UUID conversationId, @Nullable UUID ticketId,
			@Nullable UUID askedBy) {
	}

	void record(UUID tenantId, Answer answer, Context context, Instant at) {
		this.jdbc.sql("""
				INSERT INTO answer (id, tenant_id, source, question, answer, citations, confidence, abstained, reason,
				    generator, conversation_id, ticket_id, asked_by, created_at)
				VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(SqlValues.uuid(answer.id()), SqlValues.uuid(tenantId), context.source(), context.question(),
					answer.answer(), this.json.writeValueAsString(answer.citations()), answer.confidence(),
					answer.abstained(), SqlValues.text(answer.reason()), answer.generator(),
					SqlValues.uuid(context.conversationId()), SqlValues.uuid(context.ticketId()),
					SqlValues.uuid(context.askedBy()), SqlValues.time(at))
			.update();
		this.meters
			.counter("flowsupport.ai.answers", "source", context.source(), "generator", answer.generator(), "outcome",
					answer.abstained() ? "abstained" : "answered", "reason",
					(answer.reason() != null) ? answer.reason() : "none")
			.increment();
	}

}
