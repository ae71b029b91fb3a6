package com.flowsupport.shared.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The payload of an {@code audit.recorded} event: one admin action, as the service that
 * performed it saw it. identity-service appends it to the tenant's audit chain.
 *
 * @param service the recording service ({@code spring.application.name})
 * @param action dotted past tense, e.g. {@code sla_policy.updated}
 * @param targetType what kind of thing was acted on, e.g. {@code sla_policy}
 * @param targetId which one
 * @param details what changed, as JSON-friendly values
 * @param actorId the user who acted; absent for a service acting on its own
 * @param actorRole the actor's app role ({@code admin}, {@code service}, ...)
 * @param clientIp the client's address, when the action came from a request
 */
public record AuditRecorded(String service, String action, @Nullable String targetType, @Nullable String targetId,
		Map<String, Object> details, @Nullable UUID actorId, String actorRole, @Nullable String clientIp) {

	/** Lower-case dotted words, at least two: {@code channel.secret_rotated}. */
	private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+");

	private static final int MAX_ACTION_LENGTH = 100;

	public AuditRecorded {
		Objects.requireNonNull(service, "service");
		Objects.requireNonNull(actorRole, "actorRole");
		if (action == null || action.length() > MAX_ACTION_LENGTH || !ACTION.matcher(action).matches()) {
			throw new IllegalArgumentException(
					"Audit actions are dotted past tense, e.g. sla_policy.updated: " + action);
		}
		// Values may be null (a setting cleared), which Map.copyOf would refuse.
		details = (details != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(details)) : Map.of();
	}

}
