package com.flowsupport.identity.audit;

import java.util.Set;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.flowsupport.shared.audit.AuditRecorded;
import com.flowsupport.shared.events.EventSubscription;
import com.flowsupport.shared.events.EventTypes;

/**
 * Admin actions the other services record ({@code audit.recorded}, through their
 * outboxes) join the tenant's audit chain, once each: the inbox drops redeliveries, and
 * the entry takes the event's id.
 */
@Configuration(proxyBeanMethods = false)
class RecordedAuditEvents {

	static final String CONSUMER = "identity-audit";

	@Bean
	EventSubscription auditRecordedSubscription(AuditLog auditLog, JsonMapper json) {
		return new EventSubscription(CONSUMER, Set.of(EventTypes.AUDIT_RECORDED), (event) -> auditLog
			.appendRecorded(event.id(), event.occurredAt(), json.treeToValue(event.data(), AuditRecorded.class)));
	}

}
