package com.flowsupport.shared.tenancy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Who is calling: the user, the tenant and the app role, plus the claims handed to
 * Postgres as {@code request.jwt.claims}. Built from a validated JWT for requests, or
 * explicitly for background work.
 *
 * @param userId the {@code sub} claim; absent for service and platform identities
 * @param tenantId the {@code tenant_id} claim; absent only for the platform identity
 * @param role the {@code app_role} claim
 * @param claims every claim, as the database policies will see them
 */
public record CallerIdentity(@Nullable UUID userId, @Nullable UUID tenantId, AppRole role, Map<String, Object> claims) {

	public static final String TENANT_ID = "tenant_id";

	public static final String APP_ROLE = "app_role";

	public static final String SUBJECT = "sub";

	public CallerIdentity {
		Objects.requireNonNull(role, "role");
		claims = Map.copyOf(claims);
		if (tenantId == null && role != AppRole.PLATFORM) {
			throw new IllegalArgumentException("Only the platform identity acts without a tenant");
		}
	}

	/** A user of a tenant, as a validated access token describes them. */
	public static CallerIdentity fromClaims(Map<String, Object> tokenClaims) {
		Object tenant = tokenClaims.get(TENANT_ID);
		Object role = tokenClaims.get(APP_ROLE);
		Object subject = tokenClaims.get(SUBJECT);
		if (tenant == null || role == null) {
			throw new IllegalArgumentException("Token lacks tenant_id or app_role");
		}
		return new CallerIdentity((subject != null) ? UUID.fromString(subject.toString()) : null,
				UUID.fromString(tenant.toString()), AppRole.fromClaim(role.toString()), tokenClaims);
	}

	/** A user of a tenant, for code paths (and tests) that have no token at hand. */
	public static CallerIdentity user(UUID tenantId, UUID userId, AppRole role) {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put(SUBJECT, userId.toString());
		claims.put(TENANT_ID, tenantId.toString());
		claims.put(APP_ROLE, role.claimValue());
		claims.put("role", "authenticated");
		return new CallerIdentity(userId, tenantId, role, claims);
	}

	/** A service working on behalf of one tenant, e.g. an event consumer. */
	public static CallerIdentity service(UUID tenantId, String serviceName) {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put(TENANT_ID, tenantId.toString());
		claims.put(APP_ROLE, AppRole.SERVICE.claimValue());
		claims.put("service", serviceName);
		return new CallerIdentity(null, tenantId, AppRole.SERVICE, claims);
	}

	/**
	 * Platform machinery that spans tenants; only policies that name it let it through.
	 */
	public static CallerIdentity platform(String serviceName) {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put(APP_ROLE, AppRole.PLATFORM.claimValue());
		claims.put("service", serviceName);
		return new CallerIdentity(null, null, AppRole.PLATFORM, claims);
	}

	public UUID requireTenantId() {
		if (tenantId == null) {
			throw new MissingTenantException();
		}
		return tenantId;
	}

	/**
	 * Whether the caller is an agent restricted to their groups' tickets (the
	 * {@code group_restricted} claim): what spans every ticket of the tenant is not
	 * theirs to read.
	 */
	public boolean restrictedToGroups() {
		return this.role == AppRole.AGENT && Boolean.TRUE.equals(this.claims.get("group_restricted"));
	}

}
