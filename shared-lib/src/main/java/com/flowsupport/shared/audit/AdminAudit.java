package com.flowsupport.shared.audit;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import com.flowsupport.shared.events.EventPublisher;
import com.flowsupport.shared.events.EventTypes;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.ClientAddress;

/**
 * Records an admin action in the tenant's tamper-evident audit log: an
 * {@code audit.recorded} event in the service's outbox, in the transaction of the change
 * itself, so the entry exists if and only if the change commits. The actor, tenant and
 * client address are the current caller's. identity-service appends it to the tenant's
 * hash chain (exactly once, however often the event is delivered).
 */
public class AdminAudit {

	private final EventPublisher events;

	private final String service;

	public AdminAudit(EventPublisher events, String service) {
		this.events = events;
		this.service = service;
	}

	/**
	 * @param action dotted past tense, e.g. {@code sla_policy.updated}
	 * @param targetType what kind of thing was acted on, e.g. {@code sla_policy}
	 * @param targetId which one
	 * @param details what changed; no secrets, no personal data beyond ids
	 */
	public void record(String action, String targetType, @Nullable Object targetId, Map<String, ?> details) {
		CallerIdentity caller = Tenancy.require();
		this.events.publish(EventTypes.AUDIT_RECORDED,
				new AuditRecorded(this.service, action, targetType, (targetId != null) ? targetId.toString() : null,
						new LinkedHashMap<>(details), caller.userId(), caller.role().claimValue(),
						ClientAddress.current().orElse(null)));
	}

}
