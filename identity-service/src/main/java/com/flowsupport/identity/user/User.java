package com.flowsupport.identity.user;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.jspecify.annotations.Nullable;

import com.flowsupport.shared.tenancy.AppRole;

/**
 * A person who signs in to a tenant: a customer, an agent, an admin or a platform super
 * admin.
 */
@Entity
@Table(name = "app_user")
public class User {

	@Id
	private UUID id;

	@Column(name = "tenant_id", nullable = false, updatable = false)
	private UUID tenantId;

	@Column(nullable = false)
	private String email;

	@Column(nullable = false)
	private String name;

	@Column(nullable = false)
	private String role;

	@Column(nullable = false)
	private String status;

	@Column(name = "password_hash")
	private @Nullable String passwordHash;

	@Column(name = "password_changed_at")
	private @Nullable Instant passwordChangedAt;

	@Column(name = "restricted_to_groups", nullable = false)
	private boolean restrictedToGroups;

	@Version
	private long version;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	protected User() {
	}

	public User(UUID id, UUID tenantId, String email, String name, AppRole role, @Nullable String passwordHash) {
		this.id = id;
		this.tenantId = tenantId;
		this.email = normalizeEmail(email);
		this.name = name;
		this.role = role.claimValue();
		this.status = "active";
		this.passwordHash = passwordHash;
		this.passwordChangedAt = (passwordHash != null) ? Instant.now() : null;
		this.createdAt = Instant.now();
		this.updatedAt = this.createdAt;
	}

	public static String normalizeEmail(String email) {
		return email.trim().toLowerCase(Locale.ROOT);
	}

	void rename(String name) {
		this.name = name;
	}

	void changeRole(AppRole role) {
		this.role = role.claimValue();
	}

	void restrictToGroups(boolean restricted) {
		this.restrictedToGroups = restricted;
	}

	void disable() {
		this.status = "disabled";
	}

	void enable() {
		this.status = "active";
	}

	public void changePasswordHash(String passwordHash) {
		this.passwordHash = passwordHash;
		this.passwordChangedAt = Instant.now();
	}

	@PreUpdate
	void touch() {
		this.updatedAt = Instant.now();
	}

	public UUID getId() {
		return this.id;
	}

	public UUID getTenantId() {
		return this.tenantId;
	}

	public String getEmail() {
		return this.email;
	}

	public String getName() {
		return this.name;
	}

	public AppRole role() {
		return AppRole.fromClaim(this.role);
	}

	public boolean isActive() {
		return "active".equals(this.status);
	}

	/**
	 * Whether the account was erased on the person's request; it can never be changed
	 * again.
	 */
	public boolean isErased() {
		return "erased".equals(this.status);
	}

	public String getStatus() {
		return this.status;
	}

	public @Nullable String getPasswordHash() {
		return this.passwordHash;
	}

	public boolean isRestrictedToGroups() {
		return this.restrictedToGroups;
	}

	public long getVersion() {
		return this.version;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

}
