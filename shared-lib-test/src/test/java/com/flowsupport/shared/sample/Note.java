package com.flowsupport.shared.sample;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "note")
class Note {

	@Id
	private UUID id;

	@Column(name = "tenant_id", nullable = false)
	private UUID tenantId;

	@Column(nullable = false)
	private String body;

	@Column(name = "handled_count", nullable = false, insertable = false, updatable = false)
	private int handledCount;

	@Column(name = "created_at", nullable = false, insertable = false, updatable = false)
	private Instant createdAt;

	protected Note() {
	}

	Note(UUID id, UUID tenantId, String body) {
		this.id = id;
		this.tenantId = tenantId;
		this.body = body;
	}

	UUID getId() {
		return this.id;
	}

	UUID getTenantId() {
		return this.tenantId;
	}

	String getBody() {
		return this.body;
	}

}
