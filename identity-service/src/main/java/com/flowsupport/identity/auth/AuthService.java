package com.flowsupport.identity.auth;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;

import com.flowsupport.identity.IdentityProperties;
import com.flowsupport.identity.audit.AuditLog;
import com.flowsupport.identity.tenant.Tenant;
import com.flowsupport.identity.tenant.TenantDirectory;
import com.flowsupport.identity.tenant.TenantService;
import com.flowsupport.identity.auth.SessionGrants.TokenGrant;
import com.flowsupport.identity.token.Sessions;
import com.flowsupport.identity.user.Passwords;
import com.flowsupport.identity.user.User;
import com.flowsupport.identity.user.UserRepository;
import com.flowsupport.identity.user.UserService;
import com.flowsupport.shared.events.Uuids;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.Problems;

/**
 * Signing up, signing in, refreshing and signing out. These calls arrive without a tenant
 * in scope; each finds its tenant (by slug, or from the refresh token) and then works as
 * that tenant's service identity, so row-level security applies as everywhere else.
 */
@Service
class AuthService {

	static final String SERVICE = "identity-service";

	private final IdentityProperties properties;

	private final TenantService tenants;

	private final TenantDirectory directory;

	private final UserService users;

	private final UserRepository userRepository;

	private final Passwords passwords;

	private final Sessions sessions;

	private final SessionGrants grants;

	private final AuditLog audit;

	private final LoginThrottle throttle;

	private final TransactionTemplate transactions;

	AuthService(IdentityProperties properties, TenantService tenants, TenantDirectory directory, UserService users,
			UserRepository userRepository, Passwords passwords, Sessions sessions, SessionGrants grants, AuditLog audit,
			LoginThrottle throttle, TransactionTemplate transactions) {
		this.properties = properties;
		this.tenants = tenants;
		this.directory = directory;
		this.users = users;
		this.userRepository = userRepository;
		this.passwords = passwords;
		this.sessions = sessions;
		this.grants = grants;
		this.audit = audit;
		this.throttle = throttle;
		this.transactions = transactions;
	}

	SignedUp signup(AuthController.SignupRequest request) {
		if (!this.properties.signupEnabled()) {
			throw Problems.of(HttpStatus.FORBIDDEN, "signup-disabled", "Signup disabled",
					"Self-service signup is switched off on this platform; ask an operator for a tenant.");
		}
		return provision(request.tenantName(), request.tenantSlug(), request.adminName(), request.adminEmail(),
				request.adminPassword(), AppRole.ADMIN);
	}

	/**
	 * Creates a tenant with its first user, signed in: self-service signup, an operator
	 * provisioning a customer, or the operators' own tenant at startup. Everything is
	 * checked before anything is written, and everything is written in one transaction as
	 * the new tenant.
	 */
	SignedUp provision(String tenantName, String tenantSlug, String adminName, String adminEmail, String adminPassword,
			AppRole adminRole) {
		TenantService.requireValidNew(tenantName, tenantSlug);
		UserService.requireValidEmail("adminEmail", adminEmail);
		this.passwords.requireAcceptable("adminPassword", adminPassword);
		String hash = this.passwords.hash(adminPassword);
		UUID tenantId = Uuids.timeOrdered();
		UUID provisionedBy = Tenancy.current().map(CallerIdentity::userId).orElse(null);
		return Tenancy.callAs(CallerIdentity.service(tenantId, SERVICE), () -> this.transactions.execute((tx) -> {
			Tenant tenant = this.tenants.create(tenantId, tenantSlug, tenantName);
			User admin = this.users.createAccount(adminEmail, adminName, adminRole, hash);
			this.audit.record(
					"tenant.created", "tenant", tenantId, (provisionedBy != null)
							? Map.of("slug", tenantSlug, "provisionedBy", provisionedBy) : Map.of("slug", tenantSlug),
					admin.getId());
			return new SignedUp(tenant, admin, this.grants.open(tenant, admin));
		}));
	}

	TokenGrant login(AuthController.LoginRequest request) {
		String slug = request.tenantSlug().trim().toLowerCase(java.util.Locale.ROOT);
		String email = User.normalizeEmail(request.email());
		this.throttle.requireAllowed(slug, email);
		Optional<UUID> tenantId = this.directory.activeTenant(slug);
		if (tenantId.isEmpty()) {
			this.passwords.matches(request.password(), null);
			this.throttle.recordFailure(slug, email);
			throw invalidCredentials();
		}
		CallerIdentity asTenant = CallerIdentity.service(tenantId.get(), SERVICE);
		User user = Tenancy.callAs(asTenant,
				() -> this.transactions.execute((tx) -> this.userRepository.findByEmail(email).orElse(null)));
		boolean valid = this.passwords.matches(request.password(), (user != null) ? user.getPasswordHash() : null);
		if (!valid || user == null || !user.isActive()) {
			this.throttle.recordFailure(slug, email);
			if (user != null) {
				Tenancy.runAs(asTenant,
						() -> this.transactions.executeWithoutResult((tx) -> this.audit.record("login.failed", "user",
								user.getId(), Map.of("reason", valid ? "disabled" : "password"), user.getId())));
			}
			throw invalidCredentials();
		}
		this.throttle.recordSuccess(slug, email);
		return Tenancy.callAs(asTenant, () -> this.transactions.execute((tx) -> {
			Tenant tenant = this.tenants.find(tenantId.get()).orElseThrow(AuthService::invalidCredentials);
			this.audit.record("login.succeeded", "user", user.getId(), Map.of(), user.getId());
			return this.grants.open(tenant, user);
		}));
	}

	TokenGrant refresh(String refreshToken) {
		UUID tenantId = Sessions.tenantOf(refreshToken).orElseThrow(AuthService::invalidRefreshToken);
		Outcome outcome = Tenancy.callAs(CallerIdentity.service(tenantId, SERVICE),
				() -> this.transactions.execute((tx) -> {
					Sessions.Rotation rotation = this.sessions.rotate(refreshToken);
					if (rotation.reuseDetected()) {
						this.audit.record("session.reuse_detected", "session", null, Map.of("action", "family revoked"),
								null);
						return new Outcome(null);
					}
					if (rotation.next() == null || rotation.userId() == null) {
						return new Outcome(null);
					}
					Optional<Tenant> tenant = this.tenants.find(tenantId)
						.filter((candidate) -> candidate.status() == Tenant.Status.ACTIVE);
					Optional<User> user = this.userRepository.findById(rotation.userId()).filter(User::isActive);
					if (tenant.isEmpty() || user.isEmpty()) {
						this.sessions.end(rotation.next().refreshToken());
						return new Outcome(null);
					}
					return new Outcome(this.grants.grant(tenant.get(), user.get(), rotation.next()));
				}));
		if (outcome.grant() == null) {
			throw invalidRefreshToken();
		}
		return outcome.grant();
	}

	void logout(String refreshToken) {
		Sessions.tenantOf(refreshToken)
			.ifPresent((tenantId) -> Tenancy.runAs(CallerIdentity.service(tenantId, SERVICE),
					() -> this.transactions.executeWithoutResult((tx) -> this.sessions.end(refreshToken))));
	}

	static ErrorResponseException invalidCredentials() {
		return Problems.of(HttpStatus.UNAUTHORIZED, "invalid-credentials", "Invalid credentials",
				"The tenant, email or password is wrong.");
	}

	static ErrorResponseException invalidRefreshToken() {
		return Problems.of(HttpStatus.UNAUTHORIZED, "invalid-refresh-token", "Invalid refresh token",
				"The refresh token is unknown, expired, revoked or was already used. Sign in again.");
	}

	record SignedUp(Tenant tenant, User admin, TokenGrant tokens) {
	}

	private record Outcome(@Nullable TokenGrant grant) {
	}

}
