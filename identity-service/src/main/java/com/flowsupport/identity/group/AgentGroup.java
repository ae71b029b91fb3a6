package com.flowsupport.identity.group;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * A team of agents; tickets are routed to groups, and an agent may be restricted to
 * theirs.
 */
@Entity
@Table(name = "agent_group")
class AgentGroup {

	@Id
	private UUID id;

	@Column(name = "tenant_id", nullable = false, updatable = false)
	private UUID tenantId;

	@Column(nullable = false)
	private String name;

	private @Nullable String description;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	protected AgentGroup() {
	}

	AgentGroup(UUID id, UUID tenantId, String name, @Nullable String description) {
		this.id = id;
		this.tenantId = tenantId;
		this.name = name;
		this.description = description;
		this.createdAt = Instant.now();
	}

	void update(String name, @Nullable String description) {
		this.name = name;
		this.description = description;
	}

	UUID getId() {
		return this.id;
	}

	String getName() {
		return this.name;
	}

	@Nullable String getDescription() {
		return this.description;
	}

	Instant getCreatedAt() {
		return this.createdAt;
	}

}
