package com.flowsupport.shared.privacy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.JsonReader;

/**
 * The service's side of data-subject requests, for identity-service's privacy jobs only:
 * the caller must hold a service token of an orchestrator ({@link PrivacyProperties}),
 * which names the one tenant the request may touch. Under {@code /internal}, which the
 * gateway routes nowhere. Identifiers travel in the body, never in a URL that access logs
 * keep.
 */
@RestController
@RequestMapping("/internal/v1/privacy")
public class PrivacyEndpoint {

	static final int MAX_IDENTIFIERS = 20;

	static final int MAX_IDENTIFIER_LENGTH = 320;

	private final PersonalData personalData;

	private final PrivacyProperties properties;

	private final String service;

	public PrivacyEndpoint(PersonalData personalData, PrivacyProperties properties, String service) {
		this.personalData = personalData;
		this.properties = properties;
		this.service = service;
	}

	/** This service's sections of the subject's export. */
	@PostMapping("/subjects/{subjectId}/export")
	Map<String, Object> export(@PathVariable UUID subjectId, @RequestBody(required = false) @Nullable JsonNode body) {
		CallerIdentity caller = orchestrator();
		JsonReader reader = new JsonReader(body, Set.of("identifiers"));
		List<String> identifiers = identifiers(reader);
		reader.finish();
		DataSubject subject = new DataSubject(caller.requireTenantId(), subjectId, identifiers);
		return Map.of("service", this.service, "sections", this.personalData.export(subject));
	}

	/** Anonymises the subject in this service; safe to repeat. */
	@PostMapping("/subjects/{subjectId}/erasure")
	Map<String, Object> erase(@PathVariable UUID subjectId, @RequestBody(required = false) @Nullable JsonNode body) {
		CallerIdentity caller = orchestrator();
		JsonReader reader = new JsonReader(body, Set.of("identifiers", "tombstoneId"));
		List<String> identifiers = identifiers(reader);
		UUID tombstone = reader.uuid("tombstoneId");
		if (tombstone == null) {
			reader.reject("tombstoneId", "is required, as a UUID");
		}
		else if (subjectId.equals(tombstone)) {
			reader.reject("tombstoneId", "must differ from the subject");
		}
		reader.finish();
		DataSubject subject = new DataSubject(caller.requireTenantId(), subjectId, identifiers);
		return Map.of("service", this.service, "erased",
				this.personalData.erase(subject, Objects.requireNonNull(tombstone)));
	}

	/** What this service processes about people, for the tenant. */
	@GetMapping("/processing-records")
	Map<String, Object> processing() {
		orchestrator();
		return Map.of("service", this.service, "records", this.personalData.processing());
	}

	private CallerIdentity orchestrator() {
		CallerIdentity caller = Tenancy.requireRole(AppRole.SERVICE);
		if (!this.properties.orchestrators().contains(String.valueOf(caller.claims().get("service")))) {
			throw new AccessDeniedException("Only " + this.properties.orchestrators() + " may drive privacy requests");
		}
		return caller;
	}

	private static List<String> identifiers(JsonReader reader) {
		List<String> identifiers = reader.strings("identifiers", MAX_IDENTIFIERS);
		if (identifiers.stream().anyMatch((value) -> value.length() > MAX_IDENTIFIER_LENGTH)) {
			reader.reject("identifiers", "must each be at most " + MAX_IDENTIFIER_LENGTH + " characters");
		}
		return identifiers;
	}

}
