package com.flowsupport.identity.tenant;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import com.flowsupport.identity.audit.AuditLog;
import com.flowsupport.shared.events.EventPublisher;
import com.flowsupport.shared.events.EventTypes;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.Problems;

/**
 * Creating tenants, reading and changing their settings, suspending and reactivating
 * them.
 */
@Service
public class TenantService {

	private static final JsonMapper STRICT = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private final TenantRepository tenants;

	private final TenantDirectory directory;

	private final EventPublisher events;

	private final AuditLog audit;

	TenantService(TenantRepository tenants, TenantDirectory directory, EventPublisher events, AuditLog audit) {
		this.tenants = tenants;
		this.directory = directory;
		this.events = events;
		this.audit = audit;
	}

	/** Validates what a new tenant would be created with, before any work is done. */
	public static void requireValidNew(String name, String slug) {
		Map<String, String> errors = new LinkedHashMap<>();
		if (name == null || name.isBlank() || name.length() > 120) {
			errors.put("tenantName", "must be 1 to 120 characters");
		}
		String slugProblem = Slugs.problem(slug);
		if (slugProblem != null) {
			errors.put("tenantSlug", slugProblem);
		}
		if (!errors.isEmpty()) {
			throw Problems.unprocessable(errors);
		}
	}

	/**
	 * Creates a tenant; runs as the new tenant's service identity, inside its
	 * transaction.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Tenant create(UUID id, String slug, String name) {
		requireValidNew(name, slug);
		this.directory.register(slug, id);
		Tenant tenant = this.tenants
			.save(new Tenant(id, slug, name.trim(), "standard", STRICT.writeValueAsString(TenantSettings.defaults())));
		TenantSettings settings = settingsOf(tenant);
		this.events.publish(EventTypes.TENANT_CREATED, Map.of("tenantId", id, "slug", slug, "name", tenant.getName(),
				"timeZone", settings.timeZone(), "businessHours", settings.businessHours()));
		return tenant;
	}

	@Transactional(readOnly = true)
	public Tenant current() {
		return this.tenants.findById(Tenancy.require().requireTenantId())
			.orElseThrow(() -> Problems.notFound("tenant"));
	}

	@Transactional(readOnly = true)
	public Optional<Tenant> find(UUID id) {
		return this.tenants.findById(id);
	}

	TenantSettings settingsOf(Tenant tenant) {
		return STRICT.readValue(tenant.getSettings(), TenantSettings.class);
	}

	/**
	 * Applies a JSON merge patch (RFC 7386) of name, slug and settings fields; the result
	 * is validated as a whole, so a bad field changes nothing.
	 */
	@Transactional
	public Tenant update(JsonNode patch, @Nullable Long expectedVersion) {
		Tenancy.requireRole(AppRole.ADMIN, AppRole.SUPER_ADMIN);
		if (!(patch instanceof ObjectNode changes)) {
			throw Problems.unprocessable(Map.of("body", "must be a JSON object"));
		}
		Tenant tenant = current();
		if (expectedVersion != null && expectedVersion != tenant.getVersion()) {
			throw Problems.preconditionFailed();
		}
		String name = changes.has("name") ? changes.get("name").asString("") : tenant.getName();
		String slug = changes.has("slug") ? changes.get("slug").asString("") : tenant.getSlug();
		ObjectNode settings = (ObjectNode) STRICT.readTree(tenant.getSettings());
		for (String field : List.of("locale", "timeZone", "businessHours", "branding", "features")) {
			if (changes.has(field)) {
				settings.set(field, merge(settings.get(field), changes.get(field)));
			}
		}
		for (String field : changes.propertyNames()) {
			if (!List.of("name", "slug", "locale", "timeZone", "businessHours", "branding", "features")
				.contains(field)) {
				throw Problems.unprocessable(Map.of(field, "is not a tenant setting"));
			}
		}
		TenantSettings parsed;
		try {
			parsed = STRICT.treeToValue(settings, TenantSettings.class);
		}
		catch (JacksonException ex) {
			throw Problems
				.unprocessable(Map.of("settings", "has a field of the wrong shape: " + ex.getOriginalMessage()));
		}
		Map<String, String> errors = new LinkedHashMap<>(parsed.violations());
		if (name.isBlank() || name.length() > 120) {
			errors.put("name", "must be 1 to 120 characters");
		}
		String slugProblem = Slugs.problem(slug);
		if (slugProblem != null) {
			errors.put("slug", slugProblem);
		}
		if (!errors.isEmpty()) {
			throw Problems.unprocessable(errors);
		}
		if (!slug.equals(tenant.getSlug())) {
			this.directory.rename(tenant.getId(), slug);
		}
		tenant.update(name.trim(), slug, STRICT.writeValueAsString(parsed));
		this.audit.record("tenant.updated", "tenant", tenant.getId(), Map.of("fields", changes.propertyNames()));
		this.events.publish(EventTypes.TENANT_UPDATED, Map.of("tenantId", tenant.getId(), "slug", slug, "timeZone",
				parsed.timeZone(), "businessHours", parsed.businessHours()));
		return tenant;
	}

	@Transactional
	public void setSuspended(UUID tenantId, boolean suspended) {
		Tenancy.requireRole(AppRole.SUPER_ADMIN);
		Tenant tenant = this.tenants.findById(tenantId).orElseThrow(() -> Problems.notFound("tenant"));
		if (suspended) {
			tenant.suspend();
		}
		else {
			tenant.reactivate();
		}
		this.directory.setActive(tenantId, !suspended);
		this.events.publish(EventTypes.TENANT_UPDATED,
				Map.of("tenantId", tenantId, "status", suspended ? "suspended" : "active"));
	}

	@Transactional(readOnly = true)
	public List<Tenant> page(@Nullable UUID after, int limit) {
		Tenancy.requireRole(AppRole.SUPER_ADMIN);
		return this.tenants.page(after, Limit.of(limit));
	}

	private static JsonNode merge(@Nullable JsonNode target, JsonNode patch) {
		if (!(patch instanceof ObjectNode patchObject) || !(target instanceof ObjectNode targetObject)) {
			return patch;
		}
		ObjectNode merged = targetObject.deepCopy();
		for (String field : patchObject.propertyNames()) {
			JsonNode value = patchObject.get(field);
			if (value.isNull()) {
				merged.remove(field);
			}
			else {
				merged.set(field, merge(merged.get(field), value));
			}
		}
		return merged;
	}

}
