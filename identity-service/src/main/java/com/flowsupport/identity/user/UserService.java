package com.flowsupport.identity.user;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Limit;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import com.flowsupport.identity.audit.AuditLog;
import com.flowsupport.identity.token.Sessions;
import com.flowsupport.shared.events.EventPublisher;
import com.flowsupport.shared.events.EventTypes;
import com.flowsupport.shared.events.Uuids;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.Problems;

/**
 * User accounts of the caller's tenant. Admins manage everyone; agents may create
 * customers; a customer sees only their own account (also enforced by row-level
 * security).
 */
@Service
public class UserService {

	private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}");

	private final UserRepository users;

	private final Passwords passwords;

	private final Sessions sessions;

	private final EventPublisher events;

	private final AuditLog audit;

	UserService(UserRepository users, Passwords passwords, Sessions sessions, EventPublisher events, AuditLog audit) {
		this.users = users;
		this.passwords = passwords;
		this.sessions = sessions;
		this.events = events;
		this.audit = audit;
	}

	public static void requireValidEmail(String field, @Nullable String email) {
		if (email == null || email.length() > 254 || !EMAIL.matcher(email.trim()).matches()) {
			throw Problems.unprocessable(Map.of(field, "must be an email address"));
		}
	}

	/**
	 * Creates an account in the tenant in scope, whoever asked (signup, invitation,
	 * channels).
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public User createAccount(String email, String name, AppRole role, @Nullable String passwordHash) {
		requireValidEmail("email", email);
		if (name == null || name.isBlank() || name.length() > 120) {
			throw Problems.unprocessable(Map.of("name", "must be 1 to 120 characters"));
		}
		String normalized = User.normalizeEmail(email);
		if (this.users.findByEmail(normalized).isPresent()) {
			throw Problems.of(HttpStatus.CONFLICT, "email-taken", "Email taken",
					"A user with this email already exists in this tenant.");
		}
		User user = this.users.save(new User(Uuids.timeOrdered(), Tenancy.require().requireTenantId(), normalized,
				name.trim(), role, passwordHash));
		this.events.publish(EventTypes.USER_CREATED,
				Map.of("userId", user.getId(), "role", role.claimValue(), "email", user.getEmail()));
		return user;
	}

	@Transactional(readOnly = true)
	public User me() {
		CallerIdentity caller = Tenancy.require();
		if (caller.userId() == null) {
			throw Problems.notFound("user");
		}
		return this.users.findById(caller.userId()).orElseThrow(() -> Problems.notFound("user"));
	}

	@Transactional(readOnly = true)
	public User get(UUID id) {
		CallerIdentity caller = Tenancy.require();
		if (caller.role() == AppRole.CUSTOMER && !id.equals(caller.userId())) {
			throw Problems.notFound("user");
		}
		return this.users.findById(id).orElseThrow(() -> Problems.notFound("user"));
	}

	@Transactional(readOnly = true)
	public List<User> page(@Nullable UUID after, @Nullable AppRole role, @Nullable String email, int limit) {
		Tenancy.requireRole(AppRole.AGENT, AppRole.ADMIN, AppRole.SUPER_ADMIN, AppRole.SERVICE);
		return this.users.page(after, (role != null) ? role.claimValue() : null,
				(email != null) ? User.normalizeEmail(email) : null, Limit.of(limit));
	}

	@Transactional
	public User create(String email, String name, AppRole role, @Nullable String password) {
		// Services create the customers who first write through a channel.
		CallerIdentity caller = Tenancy.requireRole(AppRole.AGENT, AppRole.ADMIN, AppRole.SUPER_ADMIN, AppRole.SERVICE);
		if (role == AppRole.SUPER_ADMIN || role == AppRole.SERVICE || role == AppRole.PLATFORM) {
			throw Problems.unprocessable(Map.of("role", "must be customer, agent or admin"));
		}
		if ((caller.role() == AppRole.AGENT || caller.role() == AppRole.SERVICE) && role != AppRole.CUSTOMER) {
			throw new org.springframework.security.access.AccessDeniedException(
					"Agents and services create customers only");
		}
		if (caller.role() == AppRole.SERVICE && password != null) {
			throw Problems.unprocessable(Map.of("password", "services create customers without a password"));
		}
		if (password != null) {
			this.passwords.requireAcceptable("password", password);
		}
		User user = createAccount(email, name, role, (password != null) ? this.passwords.hash(password) : null);
		this.audit.record("user.created", "user", user.getId(), Map.of("role", role.claimValue()));
		return user;
	}

	/**
	 * Changes name, role, status or group restriction; a changed role or a disabled
	 * account ends the user's sessions, so the change takes effect at the next token
	 * refresh at the latest.
	 */
	@Transactional
	public User update(UUID id, Changes changes, @Nullable Long expectedVersion) {
		CallerIdentity caller = Tenancy.require();
		boolean self = id.equals(caller.userId());
		boolean admin = caller.role() == AppRole.ADMIN || caller.role() == AppRole.SUPER_ADMIN;
		if (!admin && !(self && changes.onlyName())) {
			throw new org.springframework.security.access.AccessDeniedException("Only admins change other users");
		}
		User user = get(id);
		if (user.role() == AppRole.SUPER_ADMIN && caller.role() != AppRole.SUPER_ADMIN) {
			throw new org.springframework.security.access.AccessDeniedException(
					"Only super admins change super admins");
		}
		if (user.isErased()) {
			throw Problems.of(HttpStatus.CONFLICT, "account-erased", "Account erased",
					"This account was erased on the person's request and cannot be changed.");
		}
		if (expectedVersion != null && expectedVersion != user.getVersion()) {
			throw Problems.preconditionFailed();
		}
		Map<String, Object> audited = new LinkedHashMap<>();
		if (changes.name() != null) {
			if (changes.name().isBlank() || changes.name().length() > 120) {
				throw Problems.unprocessable(Map.of("name", "must be 1 to 120 characters"));
			}
			user.rename(changes.name().trim());
		}
		boolean endSessions = false;
		if (changes.role() != null && changes.role() != user.role()) {
			if (changes.role() == AppRole.SUPER_ADMIN || changes.role() == AppRole.SERVICE
					|| changes.role() == AppRole.PLATFORM) {
				throw Problems.unprocessable(Map.of("role", "must be customer, agent or admin"));
			}
			requireAnotherAdminRemains(user);
			audited.put("role", Map.of("from", user.role().claimValue(), "to", changes.role().claimValue()));
			user.changeRole(changes.role());
			endSessions = true;
		}
		if (changes.active() != null && changes.active() != user.isActive()) {
			if (!changes.active()) {
				requireAnotherAdminRemains(user);
				user.disable();
				endSessions = true;
			}
			else {
				user.enable();
			}
			audited.put("active", changes.active());
		}
		if (changes.restrictedToGroups() != null) {
			user.restrictToGroups(changes.restrictedToGroups());
			audited.put("restrictedToGroups", changes.restrictedToGroups());
		}
		if (endSessions) {
			this.sessions.endAll(user.getId(), null);
		}
		if (!audited.isEmpty()) {
			this.audit.record(audited.containsKey("role") ? "user.role_changed" : "user.updated", "user", user.getId(),
					audited);
		}
		this.users.flush();
		return user;
	}

	@Transactional
	public void disable(UUID id) {
		Tenancy.requireRole(AppRole.ADMIN, AppRole.SUPER_ADMIN);
		update(id, new Changes(null, null, false, null), null);
	}

	/** Changes the caller's own password and ends their other sessions. */
	@Transactional
	public void changePassword(String currentPassword, String newPassword) {
		User user = me();
		if (!this.passwords.matches(currentPassword, user.getPasswordHash())) {
			throw Problems.of(HttpStatus.FORBIDDEN, "wrong-password", "Wrong password",
					"The current password is wrong.");
		}
		this.passwords.requireAcceptable("newPassword", newPassword);
		user.changePasswordHash(this.passwords.hash(newPassword));
		Object session = Tenancy.require().claims().get("sid");
		int ended = this.sessions.endAll(user.getId(), (session != null) ? UUID.fromString(session.toString()) : null);
		this.audit.record("user.password_changed", "user", user.getId(), Map.of("otherSessionsEnded", ended));
	}

	private void requireAnotherAdminRemains(User user) {
		if (user.role() == AppRole.ADMIN && user.isActive() && this.users.countActiveAdmins() <= 1) {
			throw Problems.of(HttpStatus.CONFLICT, "last-admin", "Last admin",
					"A tenant keeps at least one active admin.");
		}
	}

	/**
	 * @param name new display name
	 * @param role new role
	 * @param active enable or disable the account
	 * @param restrictedToGroups whether an agent sees only their groups' tickets
	 */
	public record Changes(@Nullable String name, @Nullable AppRole role, @Nullable Boolean active,
			@Nullable Boolean restrictedToGroups) {

		boolean onlyName() {
			return this.role == null && this.active == null && this.restrictedToGroups == null;
		}

	}

}
