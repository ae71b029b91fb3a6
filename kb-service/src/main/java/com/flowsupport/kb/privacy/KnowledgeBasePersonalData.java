package com.flowsupport.kb.privacy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.flowsupport.kb.cache.KbCache;
import com.flowsupport.shared.privacy.DataSubject;
import com.flowsupport.shared.privacy.PersonalDataParticipant;
import com.flowsupport.shared.privacy.PersonalDataRows;
import com.flowsupport.shared.privacy.ProcessingRecord;

/**
 * A person in the knowledge base is an author: of articles and of their revisions.
 * Articles are the tenant's content and stay as they are; erasure names the tombstone as
 * their author and editor, in the revision history too, and drops the tenant's cached
 * content, which carries author ids, once the change is committed.
 */
@Component
class KnowledgeBasePersonalData implements PersonalDataParticipant {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	private final PersonalDataRows rows;

	private final KbCache cache;

	KnowledgeBasePersonalData(JdbcClient jdbc, KbCache cache) {
		this.jdbc = jdbc;
		this.rows = new PersonalDataRows(jdbc);
		this.cache = cache;
	}

	@Override
	public String section() {
		return "articles";
	}

	@Override
	public JsonNode export(DataSubject subject) {
		ObjectNode section = JSON.createObjectNode();
		section.set("articles", this.rows.rows("""
				SELECT id, title, locale, slug, status, visibility, author_id, updated_by, revision, published_at,
					created_at, updated_at
				FROM article WHERE tenant_id = ? AND (author_id = ? OR updated_by = ?) ORDER BY id""",
				subject.tenantId(), subject.subjectId(), subject.subjectId()));
		section.set("revisions", this.rows.rows("""
				SELECT article_id, revision, title, author_id, note, created_at
				FROM article_version WHERE tenant_id = ? AND author_id = ? ORDER BY article_id, revision""",
				subject.tenantId(), subject.subjectId()));
		return section;
	}

	@Override
	public Map<String, Integer> erase(DataSubject subject, UUID tombstoneId) {
		Map<String, Integer> counts = new LinkedHashMap<>();
		counts.put("articles", this.jdbc.sql("""
				UPDATE article SET author_id = CASE WHEN author_id = :subject THEN :tombstone ELSE author_id END,
					updated_by = CASE WHEN updated_by = :subject THEN :tombstone ELSE updated_by END
				WHERE tenant_id = :tenant AND (author_id = :subject OR updated_by = :subject)""")
			.param("tenant", subject.tenantId())
			.param("subject", subject.subjectId())
			.param("tombstone", tombstoneId)
			.update());
		counts.put("revisions",
				this.jdbc.sql("SELECT erase_article_version_author(?, ?)")
					.params(subject.subjectId(), tombstoneId)
					.query(Integer.class)
					.single());
		UUID tenant = subject.tenantId();
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				KnowledgeBasePersonalData.this.cache.evict(tenant);
			}
		});
		return counts;
	}

	@Override
	public ProcessingRecord processing() {
		return new ProcessingRecord("knowledge base authoring", List.of("attributing articles to their authors"),
				List.of("user references of article authors and editors"), List.of("agents", "admins"),
				"kept with the article; erasure replaces the author", List.of());
	}

}
