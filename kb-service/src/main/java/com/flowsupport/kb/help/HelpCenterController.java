package com.flowsupport.kb.help;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.flowsupport.kb.cache.KbCache;
import com.flowsupport.kb.content.Article;
import com.flowsupport.kb.content.ArticleService;
import com.flowsupport.kb.content.ArticleStatus;
import com.flowsupport.kb.content.ArticleView;
import com.flowsupport.kb.content.CatalogEntry;
import com.flowsupport.kb.content.CatalogService;
import com.flowsupport.kb.directory.TenantDirectory;
import com.flowsupport.kb.search.SearchResults;
import com.flowsupport.kb.search.SearchService;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.CursorPage;
import com.flowsupport.shared.web.Cursors;
import com.flowsupport.shared.web.Locales;
import com.flowsupport.shared.web.Problems;

/**
 * The public help center, without login: each request runs as an anonymous visitor of the
 * tenant the slug names, whom the database shows published public content only, whatever
 * the code asks for. Answers are cached per tenant until its articles change.
 */
@RestController
@RequestMapping("/api/v1/help/{tenantSlug}")
class HelpCenterController {

	private static final TypeReference<CursorPage<CatalogEntry>> ENTRIES = new TypeReference<>() {
	};

	private static final TypeReference<CursorPage<ArticleView.Summary>> SUMMARIES = new TypeReference<>() {
	};

	private static final TypeReference<ArticleView> ARTICLE = new TypeReference<>() {
	};

	private final TenantDirectory directory;

	private final CatalogService catalog;

	private final ArticleService articles;

	private final SearchService search;

	private final KbCache cache;

	HelpCenterController(TenantDirectory directory, CatalogService catalog, ArticleService articles,
			SearchService search, KbCache cache) {
		this.directory = directory;
		this.catalog = catalog;
		this.articles = articles;
		this.search = search;
		this.cache = cache;
	}

	/** Categories holding at least one public article. */
	@GetMapping("/categories")
	CursorPage<CatalogEntry> categories(@PathVariable String tenantSlug,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit) {
		int size = Cursors.limit(limit);
		return asVisitor(tenantSlug, "categories", key(cursor, size), ENTRIES,
				() -> this.catalog.list(CatalogEntry.Kind.CATEGORY, null, cursor, size, true));
	}

	/** Sections holding at least one public article. */
	@GetMapping("/sections")
	CursorPage<CatalogEntry> sections(@PathVariable String tenantSlug,
			@RequestParam(required = false) @Nullable UUID categoryId,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit) {
		int size = Cursors.limit(limit);
		return asVisitor(tenantSlug, "sections", key(categoryId, cursor, size), ENTRIES,
				() -> this.catalog.list(CatalogEntry.Kind.SECTION, categoryId, cursor, size, true));
	}

	@GetMapping("/articles")
	CursorPage<ArticleView.Summary> articles(@PathVariable String tenantSlug,
			@RequestParam(required = false) @Nullable UUID categoryId,
			@RequestParam(required = false) @Nullable UUID sectionId,
			@RequestParam(required = false) @Nullable String locale,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit) {
		int size = Cursors.limit(limit);
		UUID after = Cursors.decode(cursor, UUID.class);
		Locales.param("locale", locale);
		return asVisitor(tenantSlug, "articles", key(categoryId, sectionId, locale, cursor, size), SUMMARIES,
				() -> this.articles.list(categoryId, sectionId, ArticleStatus.PUBLISHED, locale, after, size)
					.map(ArticleView.Summary::of));
	}

	@GetMapping("/articles/{id}")
	ArticleView article(@PathVariable String tenantSlug, @PathVariable UUID id) {
		return asVisitor(tenantSlug, "article", id.toString(), ARTICLE, () -> view(this.articles.get(id)));
	}

	@GetMapping("/articles/by-slug/{slug}")
	ArticleView articleBySlug(@PathVariable String tenantSlug, @PathVariable String slug,
			@RequestParam(defaultValue = "en") String locale) {
		Locales.param("locale", locale);
		return asVisitor(tenantSlug, "article-slug", key(slug, locale), ARTICLE,
				() -> view(this.articles.getBySlug(slug, locale)));
	}

	@GetMapping("/search")
	SearchResults search(@PathVariable String tenantSlug, @RequestParam(required = false) @Nullable String q,
			@RequestParam(required = false) @Nullable String locale,
			@RequestParam(required = false) @Nullable Integer limit) {
		var request = SearchService.request(q, locale, limit, 10, null, Set.of());
		// Search caches its answers itself, per tenant and audience.
		return Tenancy.callAs(visitor(tenant(tenantSlug)), () -> this.search.search(request));
	}

	private ArticleView view(Article article) {
		return ArticleView.of(article, this.articles.translations(article), false);
	}

	private <T> T asVisitor(String tenantSlug, String kind, String request, TypeReference<T> type, Supplier<T> load) {
		UUID tenantId = tenant(tenantSlug);
		return Tenancy.callAs(visitor(tenantId), () -> this.cache.get(tenantId, "help-" + kind, request, type, load));
	}

	private UUID tenant(String tenantSlug) {
		return this.directory.activeTenant(tenantSlug).orElseThrow(() -> Problems.notFound("help center"));
	}

	/**
	 * An anonymous visitor: a customer identity with the Supabase role {@code anon},
	 * which the policies give published public content only.
	 */
	static CallerIdentity visitor(UUID tenantId) {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put(CallerIdentity.TENANT_ID, tenantId.toString());
		claims.put(CallerIdentity.APP_ROLE, AppRole.CUSTOMER.claimValue());
		claims.put("role", "anon");
		return new CallerIdentity(null, tenantId, AppRole.CUSTOMER, claims);
	}

	private static String key(@Nullable Object... parts) {
		StringBuilder key = new StringBuilder();
		for (Object part : parts) {
			key.append(part).append('|');
		}
		return key.toString();
	}

}
