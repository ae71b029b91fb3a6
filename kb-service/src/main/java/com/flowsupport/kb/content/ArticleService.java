package com.flowsupport.kb.content;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.flowsupport.kb.content.ArticleRequests.ArticleChanges;
import com.flowsupport.kb.content.ArticleRequests.NewArticle;
import com.flowsupport.kb.content.CatalogEntry.Kind;
import com.flowsupport.shared.audit.AdminAudit;
import com.flowsupport.shared.events.EventPublisher;
import com.flowsupport.shared.events.EventTypes;
import com.flowsupport.shared.events.Uuids;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.CursorPage;
import com.flowsupport.shared.web.Problems;

/**
 * The article use cases. Every change is one transaction: the article, its new revision,
 * the outbox event that tells other services (and this one's indexer) what readers now
 * see, and the chunks search reads.
 */
@Service
public class ArticleService {

	static final String DEFAULT_LOCALE = "en";

	private final ArticleRepository articles;

	private final CatalogRepository catalog;

	private final EventPublisher events;

	private final ApplicationEventPublisher changes;

	private final Clock clock;

	private final AdminAudit audit;

	ArticleService(ArticleRepository articles, CatalogRepository catalog, EventPublisher events,
			ApplicationEventPublisher changes, Clock clock, AdminAudit audit) {
		this.articles = articles;
		this.catalog = catalog;
		this.events = events;
		this.changes = changes;
		this.clock = clock;
		this.audit = audit;
	}

	/**
	 * Creates an article from a request body as {@code POST /api/v1/kb/articles} takes
	 * it.
	 */
	@Transactional
	public Article create(JsonNode body) {
		return create(ArticleRequests.newArticle(body));
	}

	@Transactional
	Article create(NewArticle request) {
		CatalogService.requireStaff();
		CallerIdentity caller = Tenancy.require();
		UUID tenantId = caller.requireTenantId();
		String locale = Objects.requireNonNullElse(request.locale(), DEFAULT_LOCALE);
		UUID id = Uuids.timeOrdered();
		UUID group = id;
		if (request.translationOf() != null) {
			Article source = this.articles.find(tenantId, request.translationOf())
				.orElseThrow(() -> Problems.unprocessable(Map.of("translationOf", "is not an article of this tenant")));
			group = source.translationGroup();
			if (source.locale().equals(locale) || this.articles.translations(tenantId, group, source.id())
				.stream()
				.anyMatch((translation) -> translation.locale().equals(locale))) {
				throw Problems.unprocessable(Map.of("locale", "the article already has a translation in " + locale));
			}
		}
		Place place = place(tenantId, request.categoryId(), request.sectionId());
		Article.Stored s = new Article.Stored();
		s.id = id;
		s.tenantId = tenantId;
		s.translationGroup = group;
		s.locale = locale;
		s.slug = slugFor(tenantId, request.slug(), request.title(), locale, id);
		s.title = request.title().strip();
		s.body = request.body();
		s.tags = request.tags();
		s.visibility = Objects.requireNonNullElse(request.visibility(), Visibility.PUBLIC);
		s.status = Objects.requireNonNullElse(request.status(), ArticleStatus.DRAFT);
		s.categoryId = place.categoryId();
		s.sectionId = place.sectionId();
		s.authorId = caller.userId();
		s.updatedBy = caller.userId();
		Article article = Article.create(s, this.clock.instant());
		this.articles.insert(article);
		this.articles.insertVersion(article, caller.userId(), request.note());
		announce(article);
		return get(id);
	}

	/**
	 * Applies {@code changes} if the article is still at {@code expectedVersion} (any
	 * version when {@code null}).
	 */
	@Transactional
	public Article update(UUID id, @Nullable Long expectedVersion, ArticleChanges changes) {
		CatalogService.requireStaff();
		CallerIdentity caller = Tenancy.require();
		Article article = requireVersion(get(id), expectedVersion);
		Instant now = this.clock.instant();
		Article.Content current = article.content();
		UUID categoryId = changes.categoryGiven() ? changes.categoryId() : current.categoryId();
		UUID sectionId = changes.sectionGiven() ? changes.sectionId() : current.sectionId();
		if (changes.sectionGiven() && !changes.categoryGiven() && sectionId != null) {
			categoryId = null;
		}
		Place place = place(article.tenantId(), categoryId, sectionId);
		String locale = Objects.requireNonNullElse(changes.locale(), article.locale());
		if (!locale.equals(article.locale())
				&& this.articles.translations(article.tenantId(), article.translationGroup(), article.id())
					.stream()
					.anyMatch((translation) -> translation.locale().equals(locale))) {
			throw Problems.unprocessable(Map.of("locale", "the article already has a translation in " + locale));
		}
		String slug = (changes.slug() != null) ? requireFreeSlug(article.tenantId(), changes.slug(), locale, id)
				: article.slug();
		int revision = article.revision();
		article.edit(new Article.Content(Objects.requireNonNullElse(changes.title(), current.title()).strip(),
				Objects.requireNonNullElse(changes.body(), current.body()),
				Objects.requireNonNullElse(changes.tags(), current.tags()),
				Objects.requireNonNullElse(changes.visibility(), current.visibility()), place.categoryId(),
				place.sectionId()), caller.userId(), now);
		article.rename(slug, locale, now);
		if (changes.status() != null) {
			article.moveTo(changes.status(), caller.userId(), now);
		}
		this.articles.update(article);
		if (article.revision() != revision) {
			this.articles.insertVersion(article, caller.userId(), changes.note());
		}
		announce(article);
		return get(id);
	}

	/**
	 * Makes an earlier revision's content the current one, as a new revision: history is
	 * never rewritten.
	 */
	@Transactional
	public Article revert(UUID id, int revision, @Nullable Long expectedVersion) {
		CatalogService.requireStaff();
		CallerIdentity caller = Tenancy.require();
		Article article = requireVersion(get(id), expectedVersion);
		ArticleVersion target = version(id, revision);
		Place place = place(article.tenantId(), null, target.sectionId());
		article.edit(
				new Article.Content(target.title(), target.body(), target.tags(),
						Visibility.parse(target.visibility()).orElseThrow(),
						(target.sectionId() != null) ? place.categoryId() : article.categoryId(), place.sectionId()),
				caller.userId(), this.clock.instant());
		this.articles.update(article);
		this.articles.insertVersion(article, caller.userId(), "Reverted to revision " + revision);
		this.audit.record("kb_article.reverted", "kb_article", id, Map.of("toRevision", revision));
		announce(article);
		return get(id);
	}

	@Transactional(readOnly = true)
	public Article get(UUID id) {
		return this.articles.find(Tenancy.require().requireTenantId(), id)
			.orElseThrow(() -> Problems.notFound("Article"));
	}

	@Transactional(readOnly = true)
	public Article getBySlug(String slug, String locale) {
		return this.articles.findBySlug(Tenancy.require().requireTenantId(), slug, locale)
			.orElseThrow(() -> Problems.notFound("Article"));
	}

	/**
	 * Newest first; readers who are not staff get published articles only (the database
	 * holds them to it too).
	 */
	@Transactional(readOnly = true)
	public CursorPage<Article> list(@Nullable UUID categoryId, @Nullable UUID sectionId, @Nullable ArticleStatus status,
			@Nullable String locale, @Nullable UUID after, int limit) {
		ArticleStatus readable = isStaff() ? status : ArticleStatus.PUBLISHED;
		if (!isStaff() && status != null && status != ArticleStatus.PUBLISHED) {
			return new CursorPage<>(List.of(), null);
		}
		return CursorPage.fromLookahead(
				this.articles.list(Tenancy.require().requireTenantId(),
						new ArticleFilter(categoryId, sectionId, readable, locale), after, limit + 1),
				limit, Article::id);
	}

	/** The article's other locales the caller may read. */
	@Transactional(readOnly = true)
	public List<ArticleView.Translation> translations(Article article) {
		return this.articles.translations(article.tenantId(), article.translationGroup(), article.id())
			.stream()
			.filter((translation) -> isStaff() || "published".equals(translation.status()))
			.map((translation) -> new ArticleView.Translation(translation.id(), translation.locale(),
					translation.title()))
			.toList();
	}

	@Transactional(readOnly = true)
	List<ArticleVersion> versions(UUID id, @Nullable Integer before, int limit) {
		CatalogService.requireStaff();
		Article article = get(id);
		return this.articles.versions(article.tenantId(), id, before, limit);
	}

	@Transactional(readOnly = true)
	ArticleVersion version(UUID id, int revision) {
		CatalogService.requireStaff();
		return this.articles.version(get(id).tenantId(), id, revision).orElseThrow(() -> Problems.notFound("Revision"));
	}

	@Transactional(readOnly = true)
	Diff diff(UUID id, int from, int to) {
		ArticleVersion before = version(id, from);
		ArticleVersion after = version(id, to);
		List<LineDiff.Line> body = LineDiff.of(before.body(), after.body());
		Map<String, Change> fields = new LinkedHashMap<>();
		if (!before.title().equals(after.title())) {
			fields.put("title", new Change(before.title(), after.title()));
		}
		if (!before.tags().equals(after.tags())) {
			fields.put("tags", new Change(before.tags(), after.tags()));
		}
		if (!before.visibility().equals(after.visibility())) {
			fields.put("visibility", new Change(before.visibility(), after.visibility()));
		}
		if (!Objects.equals(before.sectionId(), after.sectionId())) {
			fields.put("sectionId", new Change(before.sectionId(), after.sectionId()));
		}
		return new Diff(from, to, fields, LineDiff.unified(body), body);
	}

	/**
	 * @param changes fields other than the body that differ, before and after
	 * @param unified the body's diff as text
	 * @param lines the body's diff line by line
	 */
	record Diff(int fromRevision, int toRevision, Map<String, Change> changes, String unified,
			List<LineDiff.Line> lines) {
	}

	record Change(@Nullable Object before, @Nullable Object after) {
	}

	/** Tells other services and the index what readers now see. */
	private void announce(Article article) {
		String type = switch (article.transition()) {
			case PUBLISHED -> EventTypes.KB_ARTICLE_PUBLISHED;
			case UPDATED -> EventTypes.KB_ARTICLE_UPDATED;
			case WITHDRAWN -> EventTypes.KB_ARTICLE_ARCHIVED;
			case NONE -> null;
		};
		if (type == null) {
			return;
		}
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("articleId", article.id());
		data.put("translationGroup", article.translationGroup());
		data.put("locale", article.locale());
		data.put("slug", article.slug());
		data.put("title", article.title());
		data.put("visibility", article.visibility().value());
		data.put("status", article.status().value());
		data.put("revision", article.revision());
		this.events.publish(type, data);
		auditVisibilityChange(article);
		this.changes.publishEvent(
				new ArticleChanged(article.tenantId(), article.id(), article.status() == ArticleStatus.PUBLISHED));
	}

	/**
	 * Publishing and withdrawing decide what customers read: the tenant's audit log keeps
	 * them.
	 */
	private void auditVisibilityChange(Article article) {
		switch (article.transition()) {
			case PUBLISHED -> this.audit.record("kb_article.published", "kb_article", article.id(),
					Map.of("revision", article.revision()));
			case WITHDRAWN -> this.audit.record("kb_article.withdrawn", "kb_article", article.id(),
					Map.of("status", article.status().value()));
			default -> {
			}
		}
	}

	private Article requireVersion(Article article, @Nullable Long expectedVersion) {
		if (expectedVersion != null && expectedVersion != article.version()) {
			throw Problems.preconditionFailed();
		}
		return article;
	}

	/**
	 * Where an article lives: a section implies its category, and a category given with
	 * it must be that one.
	 */
	private Place place(UUID tenantId, @Nullable UUID categoryId, @Nullable UUID sectionId) {
		if (sectionId != null) {
			CatalogEntry section = this.catalog.find(Kind.SECTION, tenantId, sectionId)
				.orElseThrow(() -> Problems.unprocessable(Map.of("sectionId", "is not a section of this tenant")));
			if (categoryId != null && !categoryId.equals(section.categoryId())) {
				throw Problems.unprocessable(Map.of("categoryId", "is not the category of the section"));
			}
			return new Place(section.categoryId(), sectionId);
		}
		if (categoryId != null && this.catalog.find(Kind.CATEGORY, tenantId, categoryId).isEmpty()) {
			throw Problems.unprocessable(Map.of("categoryId", "is not a category of this tenant"));
		}
		return new Place(categoryId, null);
	}

	private String slugFor(UUID tenantId, @Nullable String requested, String title, String locale, UUID id) {
		if (requested != null) {
			return requireFreeSlug(tenantId, requested, locale, id);
		}
		String base = ArticleRequests.slugOf(title);
		String slug = base;
		for (int n = 2; this.articles.slugTaken(tenantId, slug, locale, id); n++) {
			slug = base + "-" + n;
		}
		return slug;
	}

	private String requireFreeSlug(UUID tenantId, String slug, String locale, UUID id) {
		if (this.articles.slugTaken(tenantId, slug, locale, id)) {
			throw Problems.unprocessable(Map.of("slug", "is taken by another article in " + locale));
		}
		return slug;
	}

	private static boolean isStaff() {
		return Visibility.staff(Tenancy.require());
	}

	private record Place(@Nullable UUID categoryId, @Nullable UUID sectionId) {
	}

}
