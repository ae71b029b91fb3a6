package com.flowsupport.identity.tenant;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import com.flowsupport.shared.web.Problems;

/**
 * Slug to tenant, readable before any tenant is in scope (login, signup, the public help
 * center). Holds nothing but the public slug, the id and whether the tenant may sign in.
 */
@Component
public class TenantDirectory {

	private final JdbcTemplate jdbc;

	TenantDirectory(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * @return the tenant of an active slug
	 */
	@Transactional(readOnly = true)
	public Optional<UUID> activeTenant(String slug) {
		List<UUID> ids = this.jdbc.queryForList("SELECT tenant_id FROM tenant_directory WHERE slug = ? AND active",
				UUID.class, slug);
		return ids.stream().findFirst();
	}

	@Transactional(propagation = Propagation.MANDATORY)
	void register(String slug, UUID tenantId) {
		try {
			this.jdbc.update("INSERT INTO tenant_directory (slug, tenant_id) VALUES (?, ?)", slug, tenantId);
		}
		catch (DuplicateKeyException ex) {
			throw slugTaken();
		}
	}

	@Transactional(propagation = Propagation.MANDATORY)
	void rename(UUID tenantId, String slug) {
		try {
			this.jdbc.update("UPDATE tenant_directory SET slug = ? WHERE tenant_id = ?", slug, tenantId);
		}
		catch (DuplicateKeyException ex) {
			throw slugTaken();
		}
	}

	@Transactional(propagation = Propagation.MANDATORY)
	void setActive(UUID tenantId, boolean active) {
		this.jdbc.update("UPDATE tenant_directory SET active = ? WHERE tenant_id = ?", active, tenantId);
	}

	static RuntimeException slugTaken() {
		return Problems.of(HttpStatus.CONFLICT, "slug-taken", "Slug taken", "Another tenant already uses this slug.");
	}

}
