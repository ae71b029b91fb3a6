package com.flowsupport.kb.content;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.flowsupport.kb.content.CatalogEntry.Kind;
import com.flowsupport.shared.db.SqlValues;

/** Categories and sections in SQL; the two tables differ only in the section's parent. */
@Repository
class CatalogRepository {

	private final JdbcClient jdbc;

	CatalogRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(Kind kind, UUID tenantId, CatalogEntry entry) {
		if (kind == Kind.CATEGORY) {
			this.jdbc.sql("""
					INSERT INTO category (id, tenant_id, name, description, position, created_at, updated_at)
					VALUES (?, ?, ?, ?, ?, ?, ?)""")
				.params(entry.id(), tenantId, entry.name(), SqlValues.text(entry.description()), entry.position(),
						SqlValues.time(entry.createdAt()), SqlValues.time(entry.updatedAt()))
				.update();
		}
		else {
			this.jdbc
				.sql("""
						INSERT INTO section (id, tenant_id, category_id, name, description, position, created_at, updated_at)
						VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
				.params(entry.id(), tenantId, entry.categoryId(), entry.name(), SqlValues.text(entry.description()),
						entry.position(), SqlValues.time(entry.createdAt()), SqlValues.time(entry.updatedAt()))
				.update();
		}
	}

	void update(Kind kind, UUID tenantId, CatalogEntry entry) {
		int updated = this.jdbc.sql("UPDATE " + kind.table + """
				 SET name = ?, description = ?, position = ?, updated_at = ?, version = version + 1
				WHERE tenant_id = ? AND id = ? AND version = ?""")
			.params(entry.name(), SqlValues.text(entry.description()), entry.position(),
					SqlValues.time(entry.updatedAt()), tenantId, entry.id(), entry.version())
			.update();
		if (updated != 1) {
			throw new OptimisticLockingFailureException(kind.label + " " + entry.id() + " changed concurrently");
		}
	}

	boolean delete(Kind kind, UUID tenantId, UUID id) {
		return this.jdbc.sql("DELETE FROM " + kind.table + " WHERE tenant_id = ? AND id = ?")
			.params(tenantId, id)
			.update() == 1;
	}

	Optional<CatalogEntry> find(Kind kind, UUID tenantId, UUID id) {
		return find(kind, tenantId, id, false);
	}

	/**
	 * @param withReadableArticles only if it holds an article the caller may read
	 */
	Optional<CatalogEntry> find(Kind kind, UUID tenantId, UUID id, boolean withReadableArticles) {
		return this.jdbc
			.sql(select(kind) + " WHERE tenant_id = :tenantId AND id = :id"
					+ (withReadableArticles ? withReadableArticle(kind) : ""))
			.param("tenantId", tenantId)
			.param("id", id)
			.query(mapper(kind))
			.optional();
	}

	/**
	 * In position order after the cursor; sections of one category when given.
	 * @param withReadableArticles only entries holding an article the caller may read
	 * (the help center's layout)
	 */
	List<CatalogEntry> list(Kind kind, UUID tenantId, @Nullable UUID categoryId, CatalogEntry.@Nullable Position after,
			int limit, boolean withReadableArticles) {
		return this.jdbc
			.sql(select(kind) + " WHERE tenant_id = :tenantId"
					+ ((kind == Kind.SECTION && categoryId != null) ? " AND category_id = :categoryId" : "")
					+ " AND (CAST(:afterId AS uuid) IS NULL OR (position, id) > (:afterPosition, :afterId))"
					+ (withReadableArticles ? withReadableArticle(kind) : "") + " ORDER BY position, id LIMIT :limit")
			.param("tenantId", tenantId)
			.param("categoryId", SqlValues.uuid(categoryId))
			.param("afterId", SqlValues.uuid((after != null) ? after.id() : null))
			.param("afterPosition", (after != null) ? after.position() : 0)
			.param("limit", limit)
			.query(mapper(kind))
			.list();
	}

	/**
	 * A published article in the entry: the article table's policies leave only those the
	 * caller may read.
	 */
	private static String withReadableArticle(Kind kind) {
		String owner = (kind == Kind.CATEGORY) ? "category_id" : "section_id";
		return " AND EXISTS (SELECT 1 FROM article a WHERE a.tenant_id = :tenantId AND a." + owner + " = " + kind.table
				+ ".id AND a.status = 'published')";
	}

	private static String select(Kind kind) {
		return "SELECT id, " + ((kind == Kind.SECTION) ? "category_id" : "NULL::uuid AS category_id")
				+ ", name, description, position, version, created_at, updated_at FROM " + kind.table;
	}

	private static RowMapper<CatalogEntry> mapper(Kind kind) {
		return (rs, row) -> new CatalogEntry(rs.getObject("id", UUID.class), rs.getObject("category_id", UUID.class),
				rs.getString("name"), rs.getString("description"), rs.getInt("position"), rs.getLong("version"),
				instant(rs, "created_at"), instant(rs, "updated_at"));
	}

	private static Instant instant(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
		return Objects.requireNonNull(SqlValues.instant(rs, column));
	}

}
