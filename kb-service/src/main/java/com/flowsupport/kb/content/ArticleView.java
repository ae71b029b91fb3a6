package com.flowsupport.kb.content;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An article as the API shows it. Readers who are not staff get no authoring or indexing
 * details ({@code index}, {@code authorId}, {@code updatedBy} are {@code null} for them).
 *
 * @param body the Markdown source
 * @param bodyHtml the body rendered and sanitised
 * @param translations the other locales of the article the caller may read
 */
public record ArticleView(UUID id, UUID translationGroup, String locale, String slug, String title, String body,
		String bodyHtml, List<String> tags, String visibility, String status, @Nullable UUID categoryId,
		@Nullable UUID sectionId, int revision, @Nullable Instant publishedAt, Instant createdAt, Instant updatedAt,
		@Nullable UUID authorId, @Nullable UUID updatedBy, Article.@Nullable IndexState index,
		List<Translation> translations) {

	public static ArticleView of(Article article, List<Translation> translations, boolean staff) {
		return new ArticleView(article.id(), article.translationGroup(), article.locale(), article.slug(),
				article.title(), article.body(), article.bodyHtml(), article.tags(), article.visibility().value(),
				article.status().value(), article.categoryId(), article.sectionId(), article.revision(),
				article.publishedAt(), article.createdAt(), article.updatedAt(), staff ? article.authorId() : null,
				staff ? article.updatedBy() : null, staff ? article.index() : null, translations);
	}

	/** Another locale of the same article. */
	public record Translation(UUID id, String locale, String title) {
	}

	/** An article in a list: everything but the bodies. */
	public record Summary(UUID id, UUID translationGroup, String locale, String slug, String title, List<String> tags,
			String visibility, String status, @Nullable UUID categoryId, @Nullable UUID sectionId, int revision,
			@Nullable Instant publishedAt, Instant updatedAt) {

		public static Summary of(Article article) {
			return new Summary(article.id(), article.translationGroup(), article.locale(), article.slug(),
					article.title(), article.tags(), article.visibility().value(), article.status().value(),
					article.categoryId(), article.sectionId(), article.revision(), article.publishedAt(),
					article.updatedAt());
		}

	}

}
