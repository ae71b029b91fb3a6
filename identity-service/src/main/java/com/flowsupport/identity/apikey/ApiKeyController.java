package com.flowsupport.identity.apikey;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.flowsupport.identity.audit.AuditLog;
import com.flowsupport.identity.tenant.Tenant;
import com.flowsupport.identity.tenant.TenantService;
import com.flowsupport.identity.token.AccessTokens;
import com.flowsupport.identity.token.OpaqueTokens;
import com.flowsupport.shared.events.Uuids;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.Problems;

/**
 * API keys for server-to-server integrations: scoped to a tenant and a role, shown once,
 * stored hashed, revocable. An integration exchanges its key for a short-lived access
 * token at {@code POST /api/v1/auth/token}, so every service still sees only JWTs.
 */
@RestController
class ApiKeyController {

	private static final String KIND = "fsk1";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final AccessTokens accessTokens;

	private final TenantService tenants;

	private final AuditLog audit;

	ApiKeyController(JdbcTemplate jdbc, TransactionTemplate transactions, AccessTokens accessTokens,
			TenantService tenants, AuditLog audit) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.accessTokens = accessTokens;
		this.tenants = tenants;
		this.audit = audit;
	}

	@PostMapping("/api/v1/api-keys")
	@Transactional
	ResponseEntity<CreatedKey> create(@Valid @RequestBody NewKey request) {
		CallerIdentity admin = Tenancy.requireRole(AppRole.ADMIN, AppRole.SUPER_ADMIN);
		AppRole role = AppRole.parse(request.role())
			.filter((candidate) -> candidate == AppRole.AGENT || candidate == AppRole.ADMIN)
			.orElseThrow(() -> Problems.unprocessable(Map.of("role", "must be agent or admin")));
		UUID id = Uuids.timeOrdered();
		String key = OpaqueTokens.create(KIND, admin.requireTenantId());
		this.jdbc.update("""
				INSERT INTO api_key (id, tenant_id, name, role, key_hash, created_by) VALUES (?, ?, ?, ?, ?, ?)""", id,
				admin.requireTenantId(), request.name().trim(), role.claimValue(), OpaqueTokens.hash(key),
				admin.userId());
		this.audit.record("api_key.created", "api_key", id, Map.of("name", request.name(), "role", role.claimValue()));
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(new CreatedKey(id, request.name().trim(), role.claimValue(), key, Instant.now()));
	}

	@GetMapping("/api/v1/api-keys")
	@Transactional(readOnly = true)
	List<KeyView> list() {
		Tenancy.requireRole(AppRole.ADMIN, AppRole.SUPER_ADMIN);
		return this.jdbc.query("""
				SELECT id, name, role, created_at, last_used_at FROM api_key WHERE revoked_at IS NULL
				ORDER BY created_at DESC LIMIT 100""", (rs, i) -> new KeyView(rs.getObject("id", UUID.class),
				rs.getString("name"), rs.getString("role"), rs.getTimestamp("created_at").toInstant(),
				(rs.getTimestamp("last_used_at") != null) ? rs.getTimestamp("last_used_at").toInstant() : null));
	}

	@DeleteMapping("/api/v1/api-keys/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Transactional
	void revoke(@PathVariable UUID id) {
		Tenancy.requireRole(AppRole.ADMIN, AppRole.SUPER_ADMIN);
		if (this.jdbc.update("UPDATE api_key SET revoked_at = now() WHERE id = ? AND revoked_at IS NULL", id) == 0) {
			throw Problems.notFound("API key");
		}
		this.audit.record("api_key.revoked", "api_key", id, Map.of());
	}

	@PostMapping("/api/v1/auth/token")
	ExchangedToken exchange(@Valid @RequestBody Exchange request) {
		UUID tenantId = OpaqueTokens.tenantOf(KIND, request.apiKey()).orElseThrow(ApiKeyController::invalid);
		return Tenancy.callAs(CallerIdentity.service(tenantId, "identity-service"),
				() -> this.transactions.execute((tx) -> {
					List<Map<String, Object>> keys = this.jdbc.queryForList("""
							UPDATE api_key SET last_used_at = now() WHERE key_hash = ? AND revoked_at IS NULL
							RETURNING id, role""", OpaqueTokens.hash(request.apiKey()));
					Tenant tenant = this.tenants.find(tenantId)
						.filter((candidate) -> candidate.status() == Tenant.Status.ACTIVE)
						.orElse(null);
					if (keys.isEmpty() || tenant == null) {
						throw invalid();
					}
					String token = this.accessTokens.issue((UUID) keys.get(0).get("id"), tenantId,
							AppRole.fromClaim((String) keys.get(0).get("role")), tenant.getPlan(), null, List.of(),
							false);
					return new ExchangedToken(token, this.accessTokens.ttlSeconds(), "Bearer");
				}));
	}

	private static ErrorResponseException invalid() {
		return Problems.of(HttpStatus.UNAUTHORIZED, "invalid-api-key", "Invalid API key",
				"The API key is unknown or revoked.");
	}

	record NewKey(@NotBlank @Size(max = 80) String name, @NotBlank String role) {
	}

	record CreatedKey(UUID id, String name, String role, String key, Instant createdAt) {
	}

	record KeyView(UUID id, String name, String role, Instant createdAt, @Nullable Instant lastUsedAt) {
	}

	record Exchange(@NotBlank @Size(max = 200) String apiKey) {
	}

	record ExchangedToken(String accessToken, long expiresIn, String tokenType) {
	}

}
