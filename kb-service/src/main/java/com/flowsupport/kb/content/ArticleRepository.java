package com.flowsupport.kb.content;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.flowsupport.shared.db.SqlValues;
import com.flowsupport.shared.events.Uuids;

/**
 * Articles and their versions in SQL. Row-level security decides which articles exist for
 * the caller (drafts and internal articles only for staff); the tenant filters are
 * defence in depth and what lets the planner use the tenant-leading indexes.
 */
@Repository
class ArticleRepository {

	private static final String COLUMNS = """
			id, tenant_id, translation_group, locale, slug, title, body, body_html, tags, visibility, status,
			category_id, section_id, author_id, updated_by, revision, published_at, index_status, index_attempts,
			index_error, indexed_at, embedding_model, version, created_at, updated_at""";

	private final JdbcClient jdbc;

	ArticleRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(Article article) {
		this.jdbc.sql("""
				INSERT INTO article (id, tenant_id, translation_group, locale, slug, title, body, body_html, tags,
					visibility, status, category_id, section_id, author_id, updated_by, revision, published_at,
					version, created_at, updated_at)
				VALUES (:id, :tenantId, :translationGroup, :locale, :slug, :title, :body, :bodyHtml, :tags, :visibility,
					:status, :categoryId, :sectionId, :authorId, :updatedBy, :revision, :publishedAt, 0, :createdAt,
					:updatedAt)""").params(parameters(article)).update();
	}

	/**
	 * Writes the article if nobody changed it since it was loaded.
	 * @throws OptimisticLockingFailureException when its version moved on
	 */
	void update(Article article) {
		int updated = this.jdbc.sql("""
				UPDATE article SET locale = :locale, slug = :slug, title = :title, body = :body, body_html = :bodyHtml,
					tags = :tags, visibility = :visibility, status = :status, category_id = :categoryId,
					section_id = :sectionId, updated_by = :updatedBy, revision = :revision, published_at = :publishedAt,
					updated_at = :updatedAt, version = version + 1
				WHERE id = :id AND tenant_id = :tenantId AND version = :version""")
			.params(parameters(article))
			.update();
		if (updated != 1) {
			throw new OptimisticLockingFailureException("Article " + article.id() + " changed concurrently");
		}
	}

	Optional<Article> find(UUID tenantId, UUID id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM article WHERE tenant_id = ? AND id = ?")
			.params(tenantId, id)
			.query(this::map)
			.optional();
	}

	Optional<Article> findBySlug(UUID tenantId, String slug, String locale) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM article WHERE tenant_id = ? AND slug = ? AND locale = ?")
			.params(tenantId, slug, locale)
			.query(this::map)
			.optional();
	}

	boolean slugTaken(UUID tenantId, String slug, String locale, UUID except) {
		return this.jdbc.sql("""
				SELECT count(*) FROM article WHERE tenant_id = ? AND slug = ? AND locale = ? AND id <> ?""")
			.params(tenantId, slug, locale, except)
			.query(Long.class)
			.single() > 0;
	}

	/** Newest first, after the cursor; the filters that are given. */
	List<Article> list(UUID tenantId, ArticleFilter filter, @Nullable UUID after, int limit) {
		Map<String, Object> p = new HashMap<>();
		p.put("tenantId", tenantId);
		p.put("after", SqlValues.uuid(after));
		p.put("sectionId", SqlValues.uuid(filter.sectionId()));
		p.put("categoryId", SqlValues.uuid(filter.categoryId()));
		p.put("status", SqlValues.text((filter.status() != null) ? filter.status().value() : null));
		p.put("locale", SqlValues.text(filter.locale()));
		p.put("limit", limit);
		return this.jdbc.sql("SELECT " + COLUMNS + """
				 FROM article WHERE tenant_id = :tenantId
					AND (CAST(:after AS uuid) IS NULL OR id < :after)
					AND (CAST(:sectionId AS uuid) IS NULL OR section_id = :sectionId)
					AND (CAST(:categoryId AS uuid) IS NULL OR category_id = :categoryId)
					AND (CAST(:status AS text) IS NULL OR status = :status)
					AND (CAST(:locale AS text) IS NULL OR locale = :locale)
				ORDER BY id DESC LIMIT :limit""").params(p).query(this::map).list();
	}

	/** The other locales of the article's translation group the caller may see. */
	List<Translation> translations(UUID tenantId, UUID translationGroup, UUID except) {
		return this.jdbc.sql("""
				SELECT id, locale, title, status FROM article
				WHERE tenant_id = ? AND translation_group = ? AND id <> ? ORDER BY locale""")
			.params(tenantId, translationGroup, except)
			.query((rs, row) -> new Translation(rs.getObject("id", UUID.class), rs.getString("locale"),
					rs.getString("title"), rs.getString("status")))
			.list();
	}

	void insertVersion(Article article, @Nullable UUID author, @Nullable String note) {
		Article.Content content = article.content();
		this.jdbc.sql("""
				INSERT INTO article_version (id, tenant_id, article_id, revision, title, body, tags, visibility,
					section_id, author_id, note, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(Uuids.timeOrdered(), article.tenantId(), article.id(), article.revision(), content.title(),
					content.body(), content.tags().toArray(String[]::new), content.visibility().value(),
					SqlValues.uuid(content.sectionId()), SqlValues.uuid(author), SqlValues.text(note),
					SqlValues.time(article.updatedAt()))
			.update();
	}

	List<ArticleVersion> versions(UUID tenantId, UUID articleId, @Nullable Integer before, int limit) {
		return this.jdbc.sql("SELECT " + ArticleVersion.COLUMNS + """
				 FROM article_version WHERE tenant_id = ? AND article_id = ? AND revision < ?
				ORDER BY revision DESC LIMIT ?""")
			.params(tenantId, articleId, (before != null) ? before : Integer.MAX_VALUE, limit)
			.query(ArticleVersion::map)
			.list();
	}

	Optional<ArticleVersion> version(UUID tenantId, UUID articleId, int revision) {
		return this.jdbc
			.sql("SELECT " + ArticleVersion.COLUMNS
					+ " FROM article_version WHERE tenant_id = ? AND article_id = ? AND revision = ?")
			.params(tenantId, articleId, revision)
			.query(ArticleVersion::map)
			.optional();
	}

	private static Map<String, Object> parameters(Article article) {
		Map<String, Object> p = new HashMap<>();
		p.put("id", article.id());
		p.put("tenantId", article.tenantId());
		p.put("translationGroup", article.translationGroup());
		p.put("locale", article.locale());
		p.put("slug", article.slug());
		p.put("title", article.title());
		p.put("body", article.body());
		p.put("bodyHtml", article.bodyHtml());
		p.put("tags", article.tags().toArray(String[]::new));
		p.put("visibility", article.visibility().value());
		p.put("status", article.status().value());
		p.put("categoryId", SqlValues.uuid(article.categoryId()));
		p.put("sectionId", SqlValues.uuid(article.sectionId()));
		p.put("authorId", SqlValues.uuid(article.authorId()));
		p.put("updatedBy", SqlValues.uuid(article.updatedBy()));
		p.put("revision", article.revision());
		p.put("publishedAt", SqlValues.time(article.publishedAt()));
		p.put("version", article.version());
		p.put("createdAt", SqlValues.time(article.createdAt()));
		p.put("updatedAt", SqlValues.time(article.updatedAt()));
		return p;
	}

	private Article map(ResultSet rs, int row) throws SQLException {
		Article.Stored s = new Article.Stored();
		s.id = rs.getObject("id", UUID.class);
		s.tenantId = rs.getObject("tenant_id", UUID.class);
		s.translationGroup = rs.getObject("translation_group", UUID.class);
		s.locale = rs.getString("locale");
		s.slug = rs.getString("slug");
		s.title = rs.getString("title");
		s.body = rs.getString("body");
		s.bodyHtml = rs.getString("body_html");
		s.tags = strings(rs.getArray("tags"));
		s.visibility = Visibility.parse(rs.getString("visibility")).orElseThrow();
		s.status = ArticleStatus.parse(rs.getString("status")).orElseThrow();
		s.categoryId = rs.getObject("category_id", UUID.class);
		s.sectionId = rs.getObject("section_id", UUID.class);
		s.authorId = rs.getObject("author_id", UUID.class);
		s.updatedBy = rs.getObject("updated_by", UUID.class);
		s.revision = rs.getInt("revision");
		s.publishedAt = SqlValues.instant(rs, "published_at");
		s.index = new Article.IndexState(rs.getString("index_status"), rs.getInt("index_attempts"),
				rs.getString("index_error"), SqlValues.instant(rs, "indexed_at"), rs.getString("embedding_model"));
		s.version = rs.getLong("version");
		s.createdAt = Objects.requireNonNull(SqlValues.instant(rs, "created_at"));
		s.updatedAt = Objects.requireNonNull(SqlValues.instant(rs, "updated_at"));
		return new Article(s);
	}

	static List<String> strings(@Nullable Array array) throws SQLException {
		return (array != null) ? Arrays.asList((String[]) array.getArray()) : List.of();
	}

	/** Another locale of an article. */
	record Translation(UUID id, String locale, String title, String status) {
	}

}
