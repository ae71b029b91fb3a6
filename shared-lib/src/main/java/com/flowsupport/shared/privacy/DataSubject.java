package com.flowsupport.shared.privacy;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

/**
 * The person a privacy request is about, within one tenant.
 *
 * @param tenantId the tenant whose data is concerned; never another's
 * @param subjectId the person's user id at identity-service
 * @param identifiers what else identifies them in free text and contact addresses (their
 * email, name, phone numbers, messaging ids), as identity knew them when the request was
 * made: services find records without a user id by these (an SMS thread, a widget
 * visitor) and scrub them out of other people's text
 */
public record DataSubject(UUID tenantId, UUID subjectId, List<String> identifiers) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	public DataSubject {
		Objects.requireNonNull(tenantId, "tenantId");
		Objects.requireNonNull(subjectId, "subjectId");
		identifiers = identifiers.stream().filter((value) -> value != null && !value.isBlank()).distinct().toList();
	}

	/**
	 * The identifiers as a JSON array, for SQL such as
	 * {@code lower(contact) IN (SELECT lower(value) FROM jsonb_array_elements_text(?::jsonb))}.
	 */
	public String identifiersJson() {
		return JSON.writeValueAsString(this.identifiers);
	}

}
