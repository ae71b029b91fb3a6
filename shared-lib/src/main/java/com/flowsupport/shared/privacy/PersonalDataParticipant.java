package com.flowsupport.shared.privacy;

import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * One part of a service that holds personal data, answering for it in data-subject
 * requests. Every method runs inside a transaction of {@link PersonalData}, as the
 * service identity of the subject's tenant, so row-level security keeps each call within
 * that tenant.
 */
public interface PersonalDataParticipant {

	/**
	 * The section of the export this participant fills, e.g. {@code "tickets"}; unique
	 * within the service.
	 */
	String section();

	/**
	 * Everything this participant holds about the subject, machine-readable.
	 */
	JsonNode export(DataSubject subject);

	/**
	 * Anonymises the subject: their own records go or are redacted, references to them in
	 * records that stay (history, other people's tickets) name {@code tombstoneId}
	 * instead. Must be idempotent: a repeated call with the same arguments changes
	 * nothing more and succeeds.
	 * @return how many records of each kind were changed or removed
	 */
	Map<String, Integer> erase(DataSubject subject, UUID tombstoneId);

	/** What this participant processes, for the tenant in scope. */
	ProcessingRecord processing();

}
