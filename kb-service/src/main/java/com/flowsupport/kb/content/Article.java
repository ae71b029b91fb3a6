package com.flowsupport.kb.content;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An article in one locale. Content (title, body, tags, visibility, place) changes make a
 * new revision; the status moves through the workflow; both are recorded as what happened
 * ({@link #transition()}) for the service to announce.
 */
public final class Article {

	private final UUID id;

	private final UUID tenantId;

	private final UUID translationGroup;

	private final Instant createdAt;

	private final @Nullable UUID authorId;

	private final long version;

	private final IndexState index;

	private String locale;

	private String slug;

	private String title;

	private String body;

	private String bodyHtml;

	private List<String> tags;

	private Visibility visibility;

	private ArticleStatus status;

	private @Nullable UUID categoryId;

	private @Nullable UUID sectionId;

	private @Nullable UUID updatedBy;

	private int revision;

	private @Nullable Instant publishedAt;

	private Instant updatedAt;

	private final boolean wasPublished;

	private boolean contentChanged;

	Article(Stored s) {
		this(s, s.status == ArticleStatus.PUBLISHED);
	}

	private Article(Stored s, boolean wasPublished) {
		this.wasPublished = wasPublished;
		this.id = s.id;
		this.tenantId = s.tenantId;
		this.translationGroup = s.translationGroup;
		this.createdAt = s.createdAt;
		this.authorId = s.authorId;
		this.version = s.version;
		this.index = s.index;
		this.locale = s.locale;
		this.slug = s.slug;
		this.title = s.title;
		this.body = s.body;
		this.bodyHtml = s.bodyHtml;
		this.tags = List.copyOf(s.tags);
		this.visibility = s.visibility;
		this.status = s.status;
		this.categoryId = s.categoryId;
		this.sectionId = s.sectionId;
		this.updatedBy = s.updatedBy;
		this.revision = s.revision;
		this.publishedAt = s.publishedAt;
		this.updatedAt = s.updatedAt;
	}

	/** A new article at revision 1, in the given status. */
	static Article create(Stored s, Instant now) {
		s.revision = 1;
		s.bodyHtml = Markdown.toSafeHtml(s.body);
		s.createdAt = now;
		s.updatedAt = now;
		s.publishedAt = (s.status == ArticleStatus.PUBLISHED) ? now : null;
		s.index = IndexState.NONE;
		Article article = new Article(s, false);
		article.contentChanged = true;
		return article;
	}

	/** Applies content edits; a real change makes the next revision. */
	void edit(Content content, @Nullable UUID editor, Instant now) {
		Content before = content();
		if (before.equals(content)) {
			return;
		}
		this.title = content.title();
		this.body = content.body();
		this.bodyHtml = Markdown.toSafeHtml(content.body());
		this.tags = List.copyOf(content.tags());
		this.visibility = content.visibility();
		this.categoryId = content.categoryId();
		this.sectionId = content.sectionId();
		this.revision++;
		this.contentChanged = true;
		this.updatedBy = editor;
		this.updatedAt = now;
	}

	void moveTo(ArticleStatus next, @Nullable UUID editor, Instant now) {
		if (next == this.status) {
			return;
		}
		this.status = next;
		if (next == ArticleStatus.PUBLISHED) {
			this.publishedAt = now;
		}
		this.updatedBy = editor;
		this.updatedAt = now;
	}

	void rename(String newSlug, String newLocale, Instant now) {
		if (!newSlug.equals(this.slug) || !newLocale.equals(this.locale)) {
			this.slug = newSlug;
			this.locale = newLocale;
			this.contentChanged = true;
			this.updatedAt = now;
		}
	}

	/** What the change did to readers, for the events and the index. */
	Transition transition() {
		boolean published = this.status == ArticleStatus.PUBLISHED;
		if (published && !this.wasPublished) {
			return Transition.PUBLISHED;
		}
		if (published && this.contentChanged) {
			return Transition.UPDATED;
		}
		if (!published && this.wasPublished) {
			return Transition.WITHDRAWN;
		}
		return Transition.NONE;
	}

	Content content() {
		return new Content(this.title, this.body, this.tags, this.visibility, this.categoryId, this.sectionId);
	}

	/** How a change reached readers. */
	enum Transition {

		/** Newly visible to its readers. */
		PUBLISHED,
		/** Already visible; its content changed. */
		UPDATED,
		/** No longer visible (back to draft, or archived). */
		WITHDRAWN,
		/** Nothing readers see changed. */
		NONE

	}

	/** The fields a revision records. */
	record Content(String title, String body, List<String> tags, Visibility visibility, @Nullable UUID categoryId,
			@Nullable UUID sectionId) {
	}

	/**
	 * How far the article's chunks are embedded.
	 *
	 * @param status none (unpublished), pending, indexed, failed
	 * @param attempts failed attempts since the last success
	 * @param error the last failure
	 * @param indexedAt when it was last fully embedded
	 * @param model the model its embeddings come from
	 */
	public record IndexState(String status, int attempts, @Nullable String error, @Nullable Instant indexedAt,
			@Nullable String model) {

		static final IndexState NONE = new IndexState("none", 0, null, null, null);

	}

	/** The columns of a row; also the input of {@link #create}. */
	static final class Stored {

		UUID id;

		UUID tenantId;

		UUID translationGroup;

		String locale;

		String slug;

		String title;

		String body;

		String bodyHtml = "";

		List<String> tags = List.of();

		Visibility visibility;

		ArticleStatus status;

		@Nullable UUID categoryId;

		@Nullable UUID sectionId;

		@Nullable UUID authorId;

		@Nullable UUID updatedBy;

		int revision;

		@Nullable Instant publishedAt;

		IndexState index = IndexState.NONE;

		long version;

		Instant createdAt;

		Instant updatedAt;

	}

	public UUID id() {
		return this.id;
	}

	public UUID tenantId() {
		return this.tenantId;
	}

	public UUID translationGroup() {
		return this.translationGroup;
	}

	public String locale() {
		return this.locale;
	}

	public String slug() {
		return this.slug;
	}

	public String title() {
		return this.title;
	}

	public String body() {
		return this.body;
	}

	public String bodyHtml() {
		return this.bodyHtml;
	}

	public List<String> tags() {
		return this.tags;
	}

	public Visibility visibility() {
		return this.visibility;
	}

	public ArticleStatus status() {
		return this.status;
	}

	public @Nullable UUID categoryId() {
		return this.categoryId;
	}

	public @Nullable UUID sectionId() {
		return this.sectionId;
	}

	public @Nullable UUID authorId() {
		return this.authorId;
	}

	public @Nullable UUID updatedBy() {
		return this.updatedBy;
	}

	public int revision() {
		return this.revision;
	}

	public @Nullable Instant publishedAt() {
		return this.publishedAt;
	}

	public IndexState index() {
		return this.index;
	}

	public long version() {
		return this.version;
	}

	public Instant createdAt() {
		return this.createdAt;
	}

	public Instant updatedAt() {
		return this.updatedAt;
	}

}
