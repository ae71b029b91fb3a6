package com.flowsupport.identity.tenant;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.ColumnTransformer;

import org.springframework.http.HttpStatus;

import com.flowsupport.shared.web.Problems;

/**
 * A customer organisation on the platform; its id is the {@code tenant_id} of all its
 * data.
 */
@Entity
@Table(name = "tenant")
public class Tenant {

	public enum Status {

		ACTIVE, SUSPENDED

	}

	@Id
	private UUID id;

	@Column(nullable = false, unique = true)
	private String slug;

	@Column(nullable = false)
	private String name;

	@Column(nullable = false)
	private String status;

	@Column(nullable = false)
	private String plan;

	@Column(nullable = false, columnDefinition = "jsonb")
	@ColumnTransformer(write = "?::jsonb")
	private String settings;

	@Version
	private long version;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	protected Tenant() {
	}

	Tenant(UUID id, String slug, String name, String plan, String settings) {
		this.id = id;
		this.slug = slug;
		this.name = name;
		this.status = "active";
		this.plan = plan;
		this.settings = settings;
		this.createdAt = Instant.now();
		this.updatedAt = this.createdAt;
	}

	void suspend() {
		if (status() == Status.SUSPENDED) {
			throw Problems.of(HttpStatus.CONFLICT, "tenant-already-suspended", "Already suspended",
					"The tenant is already suspended.");
		}
		this.status = "suspended";
	}

	void reactivate() {
		if (status() == Status.ACTIVE) {
			throw Problems.of(HttpStatus.CONFLICT, "tenant-already-active", "Already active",
					"The tenant is already active.");
		}
		this.status = "active";
	}

	void update(String name, String slug, String settings) {
		this.name = name;
		this.slug = slug;
		this.settings = settings;
	}

	@PreUpdate
	void touch() {
		this.updatedAt = Instant.now();
	}

	public UUID getId() {
		return this.id;
	}

	public String getSlug() {
		return this.slug;
	}

	public String getName() {
		return this.name;
	}

	public Status status() {
		return Status.valueOf(this.status.toUpperCase(java.util.Locale.ROOT));
	}

	public String getPlan() {
		return this.plan;
	}

	String getSettings() {
		return this.settings;
	}

	public long getVersion() {
		return this.version;
	}

	Instant getCreatedAt() {
		return this.createdAt;
	}

}
