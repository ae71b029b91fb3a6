package com.flowsupport.identity.auth;

import java.sql.Timestamp;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;

import com.flowsupport.identity.IdentityProperties;
import com.flowsupport.identity.audit.AuditLog;
import com.flowsupport.identity.tenant.Tenant;
import com.flowsupport.identity.tenant.TenantDirectory;
import com.flowsupport.identity.tenant.TenantService;
import com.flowsupport.identity.token.OpaqueTokens;
import com.flowsupport.identity.token.Sessions;
import com.flowsupport.identity.user.Passwords;
import com.flowsupport.identity.user.User;
import com.flowsupport.identity.user.UserRepository;
import com.flowsupport.identity.user.UserService;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.events.Uuids;
import com.flowsupport.shared.redis.RedisKeyProperties;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.EmailAddresses;
import com.flowsupport.shared.web.Problems;

/**
 * Forgotten passwords: a user asks for a reset link by email, and the link's single-use
 * token ({@link OpaqueTokens} of kind {@code pwr1}) sets a new password and ends every
 * session of the account. Asking answers alike whether or not the account exists; only
 * the owner of the mailbox learns the difference.
 * <p>
 * Customers registering in a help center get the same link: their account has no password
 * until whoever holds the mailbox chooses one, so nobody can register someone else's
 * address and read what its owner writes in later by email or another channel.
 */
@Service
class PasswordResets {

	private static final String KIND = "pwr1";

	private final IdentityProperties.PasswordReset settings;

	private final String operatorsTenant;

	private final TenantDirectory directory;

	private final TenantService tenants;

	private final UserRepository users;

	private final Passwords passwords;

	private final Sessions sessions;

	private final AuditLog audit;

	private final LoginThrottle loginThrottle;

	private final PasswordResetMail mail;

	private final UserService accounts;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final AccountLimit requests;

	PasswordResets(IdentityProperties properties, TenantDirectory directory, TenantService tenants,
			UserRepository users, Passwords passwords, Sessions sessions, AuditLog audit, LoginThrottle loginThrottle,
			PasswordResetMail mail, UserService accounts, JdbcTemplate jdbc, TransactionTemplate transactions,
			StringRedisTemplate redis, RedisKeyProperties keys) {
		this.settings = properties.passwordReset();
		this.operatorsTenant = properties.platformAdmin().tenantSlug();
		this.directory = directory;
		this.tenants = tenants;
		this.users = users;
		this.passwords = passwords;
		this.sessions = sessions;
		this.audit = audit;
		this.loginThrottle = loginThrottle;
		this.mail = mail;
		this.accounts = accounts;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.requests = new AccountLimit(redis, keys.keyPrefix() + "password-reset-requests:",
				this.settings.maxRequestsPerAccount(), this.settings.requestWindow(),
				new AccountLimit.Refusal("password-reset-throttled", "Too many password reset requests",
						"Too many password resets were asked for this address. Try again later."));
	}

	/**
	 * Emails a reset link to the account with this email, if there is an active one in an
	 * active tenant, revoking any earlier unused link. Every request counts against the
	 * address's limit, whether or not the account exists.
	 */
	void request(String tenantSlug, String email) {
		String slug = tenantSlug.trim().toLowerCase(Locale.ROOT);
		String address = User.normalizeEmail(email);
		this.requests.requireBelowLimit(slug, address);
		this.requests.count(slug, address);
		Optional<UUID> tenantId = this.directory.activeTenant(slug);
		if (tenantId.isEmpty()) {
			return;
		}
		Optional<PasswordResetMail.Reset> reset = Tenancy.callAs(
				CallerIdentity.service(tenantId.get(), AuthService.SERVICE),
				() -> this.transactions.execute((tx) -> issue(tenantId.get(), address)));
		// The transaction has committed: the link in the mail works from the moment it
		// arrives.
		reset.ifPresent(this.mail::send);
	}

	/**
	 * A customer asks for an account in the tenant's help center: created as a customer
	 * without a password, and a link to choose one is emailed. An address that already
	 * has an account gets a reset link instead; the caller cannot tell the two apart.
	 * Addresses under {@code .invalid} are refused: the channels give them to people who
	 * wrote in without an email address, and no mailbox can prove them. The platform
	 * operators' own tenant takes no registrations.
	 */
	void register(String tenantSlug, String name, String email) {
		String slug = tenantSlug.trim().toLowerCase(Locale.ROOT);
		UserService.requireValidEmail("email", email);
		String address = User.normalizeEmail(email);
		if (!EmailAddresses.mailable(address)) {
			throw Problems.unprocessable(Map.of("email", "must be an address that can receive mail"));
		}
		UUID tenantId = this.directory.activeTenant(slug)
			.filter((active) -> !slug.equals(this.operatorsTenant))
			.orElseThrow(() -> Problems.unprocessable(Map.of("tenantSlug", "is not a help center to register in")));
		this.requests.requireBelowLimit(slug, address);
		this.requests.count(slug, address);
		Optional<PasswordResetMail.Reset> link;
		try {
			link = createOrIssue(tenantId, address, name);
		}
		catch (DataIntegrityViolationException | ErrorResponseException ex) {
			if (ex instanceof ErrorResponseException refused && refused.getStatusCode() != HttpStatus.CONFLICT) {
				throw refused;
			}
			// Registered at the same moment by another request: the account is there now,
			// and this one answers as for any taken address.
			link = createOrIssue(tenantId, address, name);
		}
		link.ifPresent(this.mail::send);
	}

	private Optional<PasswordResetMail.Reset> createOrIssue(UUID tenantId, String address, String name) {
		return Tenancy.callAs(CallerIdentity.service(tenantId, AuthService.SERVICE),
				() -> this.transactions.execute((tx) -> {
					if (this.users.findByEmail(address).isEmpty()) {
						User customer = this.accounts.createAccount(address, name, AppRole.CUSTOMER, null);
						this.audit.record("user.registered", "user", customer.getId(), Map.of(), customer.getId());
					}
					return issue(tenantId, address);
				}));
	}

	/** Sets the new password, uses up the token and ends every session of the account. */
	void confirm(String token, String newPassword) {
		UUID tenantId = OpaqueTokens.tenantOf(KIND, token).orElseThrow(PasswordResets::invalidToken);
		this.passwords.requireAcceptable("newPassword", newPassword);
		String hash = this.passwords.hash(newPassword);
		ResetAccount account = Tenancy.callAs(CallerIdentity.service(tenantId, AuthService.SERVICE),
				() -> this.transactions.execute((tx) -> {
					List<UUID> userIds = this.jdbc.queryForList("""
							UPDATE password_reset SET used_at = now()
							WHERE token_hash = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
							RETURNING user_id""", UUID.class, OpaqueTokens.hash(token));
					Optional<Tenant> tenant = this.tenants.find(tenantId)
						.filter((candidate) -> candidate.status() == Tenant.Status.ACTIVE);
					Optional<User> user = userIds.stream()
						.findFirst()
						.flatMap(this.users::findById)
						.filter(User::isActive);
					if (tenant.isEmpty() || user.isEmpty()) {
						throw invalidToken();
					}
					user.get().changePasswordHash(hash);
					int ended = this.sessions.endAll(user.get().getId(), null);
					this.audit.record("password.reset", "user", user.get().getId(), Map.of("sessionsEnded", ended),
							user.get().getId());
					return new ResetAccount(tenant.get().getSlug(), user.get().getEmail());
				}));
		// Whoever holds the mailbox owns the account: failed sign-ins before the reset no
		// longer lock it.
		this.loginThrottle.recordSuccess(account.tenantSlug(), account.email());
	}

	private Optional<PasswordResetMail.Reset> issue(UUID tenantId, String email) {
		Optional<User> account = this.users.findByEmail(email);
		if (account.isEmpty()) {
			return Optional.empty();
		}
		User user = account.get();
		if (!user.isActive()) {
			this.audit.record("password.reset_requested", "user", user.getId(), Map.of("refused", "disabled"),
					user.getId());
			return Optional.empty();
		}
		Tenant tenant = this.tenants.find(tenantId).orElseThrow();
		this.jdbc.update("""
				UPDATE password_reset SET revoked_at = now()
				WHERE user_id = ? AND used_at IS NULL AND revoked_at IS NULL""", user.getId());
		String token = OpaqueTokens.create(KIND, tenantId);
		// Issued and checked against the database's clock alone.
		Timestamp expiresAt = this.jdbc.queryForObject("""
				INSERT INTO password_reset (id, tenant_id, user_id, token_hash, expires_at)
				VALUES (?, ?, ?, ?, now() + make_interval(secs => ?))
				RETURNING expires_at""", Timestamp.class, Uuids.timeOrdered(), tenantId, user.getId(),
				OpaqueTokens.hash(token), this.settings.ttl().toMillis() / 1000.0);
		this.audit.record("password.reset_requested", "user", user.getId(),
				Map.of("expiresAt", expiresAt.toInstant().toString()), user.getId());
		return Optional.of(new PasswordResetMail.Reset(tenantId, user.getId(), user.getEmail(), user.getName(),
				tenant.getName(), token, expiresAt.toInstant(), user.getPasswordHash() == null));
	}

	private static ErrorResponseException invalidToken() {
		return Problems.of(HttpStatus.BAD_REQUEST, "invalid-reset-token", "Invalid reset link",
				"The password reset link is unknown, expired or already used. Ask for a new one.");
	}

	private record ResetAccount(String tenantSlug, String email) {
	}

}
