package com.flowsupport.identity.invitation;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

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

import com.flowsupport.identity.IdentityProperties;
import com.flowsupport.identity.audit.AuditLog;
import com.flowsupport.identity.auth.SessionGrants;
import com.flowsupport.identity.tenant.Tenant;
import com.flowsupport.identity.tenant.TenantService;
import com.flowsupport.identity.token.OpaqueTokens;
import com.flowsupport.identity.user.Passwords;
import com.flowsupport.identity.user.User;
import com.flowsupport.identity.user.UserService;
import com.flowsupport.shared.events.Uuids;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.Problems;

/**
 * Inviting agents and admins: an admin creates an invitation and passes its secret on
 * (shown once); the invitee accepts it once, before it expires, choosing their name and
 * password, and is signed in. Unknown, used, expired and revoked invitations are refused
 * alike.
 */
@RestController
class InvitationController {

	private static final String KIND = "inv1";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final IdentityProperties properties;

	private final UserService users;

	private final TenantService tenants;

	private final Passwords passwords;

	private final SessionGrants grants;

	private final AuditLog audit;

	InvitationController(JdbcTemplate jdbc, TransactionTemplate transactions, IdentityProperties properties,
			UserService users, TenantService tenants, Passwords passwords, SessionGrants grants, AuditLog audit) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.properties = properties;
		this.users = users;
		this.tenants = tenants;
		this.passwords = passwords;
		this.grants = grants;
		this.audit = audit;
	}

	@PostMapping("/api/v1/users/invitations")
	@Transactional
	ResponseEntity<CreatedInvitation> invite(@Valid @RequestBody NewInvitation request) {
		CallerIdentity admin = Tenancy.requireRole(AppRole.ADMIN, AppRole.SUPER_ADMIN);
		UserService.requireValidEmail("email", request.email());
		AppRole role = AppRole.parse(request.role())
			.filter((candidate) -> candidate == AppRole.AGENT || candidate == AppRole.ADMIN)
			.orElseThrow(() -> Problems.unprocessable(Map.of("role", "must be agent or admin")));
		UUID id = Uuids.timeOrdered();
		String secret = OpaqueTokens.create(KIND, admin.requireTenantId());
		Instant expiresAt = Instant.now().plus(this.properties.invitationTtl());
		this.jdbc.update("""
				INSERT INTO invitation (id, tenant_id, email, role, token_hash, invited_by, expires_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)""", id, admin.requireTenantId(), User.normalizeEmail(request.email()),
				role.claimValue(), OpaqueTokens.hash(secret), admin.userId(), Timestamp.from(expiresAt));
		this.audit.record("invitation.created", "invitation", id, Map.of("role", role.claimValue()));
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(new CreatedInvitation(id, User.normalizeEmail(request.email()), role.claimValue(), expiresAt,
					secret));
	}

	@GetMapping("/api/v1/users/invitations")
	@Transactional(readOnly = true)
	List<PendingInvitation> pending() {
		Tenancy.requireRole(AppRole.ADMIN, AppRole.SUPER_ADMIN);
		return this.jdbc.query("""
				SELECT id, email, role, expires_at FROM invitation
				WHERE accepted_at IS NULL AND expires_at > now() ORDER BY created_at DESC LIMIT 100""",
				(rs, i) -> new PendingInvitation(rs.getObject("id", UUID.class), rs.getString("email"),
						rs.getString("role"), rs.getTimestamp("expires_at").toInstant()));
	}

	@DeleteMapping("/api/v1/users/invitations/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Transactional
	void revoke(@PathVariable UUID id) {
		Tenancy.requireRole(AppRole.ADMIN, AppRole.SUPER_ADMIN);
		if (this.jdbc.update("DELETE FROM invitation WHERE id = ? AND accepted_at IS NULL", id) == 0) {
			throw Problems.notFound("invitation");
		}
		this.audit.record("invitation.revoked", "invitation", id, Map.of());
	}

	@PostMapping("/api/v1/auth/invitations/accept")
	ResponseEntity<SessionGrants.TokenGrant> accept(@Valid @RequestBody Acceptance request) {
		UUID tenantId = OpaqueTokens.tenantOf(KIND, request.token()).orElseThrow(InvitationController::invalid);
		this.passwords.requireAcceptable("password", request.password());
		String hash = this.passwords.hash(request.password());
		SessionGrants.TokenGrant grant = Tenancy.callAs(CallerIdentity.service(tenantId, "identity-service"),
				() -> this.transactions.execute((tx) -> {
					List<Map<String, Object>> rows = this.jdbc.queryForList("""
							UPDATE invitation SET accepted_at = now()
							WHERE token_hash = ? AND accepted_at IS NULL AND expires_at > now()
							RETURNING id, email, role""", OpaqueTokens.hash(request.token()));
					if (rows.isEmpty()) {
						throw invalid();
					}
					Map<String, Object> invitation = rows.get(0);
					Tenant tenant = this.tenants.find(tenantId)
						.filter((candidate) -> candidate.status() == Tenant.Status.ACTIVE)
						.orElseThrow(InvitationController::invalid);
					User user = this.users.createAccount((String) invitation.get("email"), request.name(),
							AppRole.fromClaim((String) invitation.get("role")), hash);
					this.audit.record("invitation.accepted", "user", user.getId(),
							Map.of("invitationId", invitation.get("id")), user.getId());
					return this.grants.open(tenant, user);
				}));
		return ResponseEntity.status(HttpStatus.CREATED).body(grant);
	}

	private static ErrorResponseException invalid() {
		return Problems.of(HttpStatus.BAD_REQUEST, "invalid-invitation", "Invalid invitation",
				"The invitation is unknown, expired, revoked or already used.");
	}

	record NewInvitation(@NotBlank @Size(max = 254) String email, @NotBlank String role) {
	}

	record CreatedInvitation(UUID id, String email, String role, Instant expiresAt, String token) {
	}

	record PendingInvitation(UUID id, String email, String role, Instant expiresAt) {
	}

	record Acceptance(@NotBlank @Size(max = 200) String token, @NotBlank @Size(max = 120) String name,
			@NotBlank @Size(max = 128) String password) {
	}

}
