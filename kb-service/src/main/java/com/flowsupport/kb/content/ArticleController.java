package com.flowsupport.kb.content;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.CursorPage;
import com.flowsupport.shared.web.Cursors;
import com.flowsupport.shared.web.ETags;
import com.flowsupport.shared.web.Locales;
import com.flowsupport.shared.web.Problems;

@RestController
@RequestMapping("/api/v1/kb/articles")
class ArticleController {

	private final ArticleService articles;

	ArticleController(ArticleService articles) {
		this.articles = articles;
	}

	@PostMapping
	ResponseEntity<ArticleView> create(@RequestBody JsonNode body) {
		Article article = this.articles.create(body);
		return ResponseEntity.created(URI.create("/api/v1/kb/articles/" + article.id()))
			.eTag(ETags.of(article.version()))
			.body(view(article));
	}

	@GetMapping
	CursorPage<ArticleView.Summary> list(@RequestParam(required = false) @Nullable UUID categoryId,
			@RequestParam(required = false) @Nullable UUID sectionId,
			@RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable String locale,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit) {
		ArticleStatus wanted = (status == null) ? null
				: ArticleStatus.parse(status)
					.orElseThrow(() -> Problems.of(HttpStatus.BAD_REQUEST, "invalid-status", "Invalid status",
							"status is one of " + ArticleStatus.ALLOWED + "."));
		return this.articles
			.list(categoryId, sectionId, wanted, Locales.param("locale", locale), Cursors.decode(cursor, UUID.class),
					Cursors.limit(limit))
			.map(ArticleView.Summary::of);
	}

	@GetMapping("/{id}")
	ResponseEntity<ArticleView> get(@PathVariable UUID id) {
		Article article = this.articles.get(id);
		return ResponseEntity.ok().eTag(ETags.of(article.version())).body(view(article));
	}

	@PatchMapping("/{id}")
	ResponseEntity<ArticleView> update(@PathVariable UUID id, @RequestBody JsonNode body,
			@RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
		Article article = this.articles.update(id, ETags.expectedVersion(ifMatch), ArticleRequests.changes(body));
		return ResponseEntity.ok().eTag(ETags.of(article.version())).body(view(article));
	}

	@GetMapping("/{id}/versions")
	CursorPage<ArticleVersion> versions(@PathVariable UUID id, @RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit) {
		int size = Cursors.limit(limit);
		return CursorPage.fromLookahead(this.articles.versions(id, Cursors.decode(cursor, Integer.class), size + 1),
				size, ArticleVersion::revision);
	}

	@GetMapping("/{id}/versions/{revision}")
	ArticleVersion version(@PathVariable UUID id, @PathVariable int revision) {
		return this.articles.version(id, revision);
	}

	/** What changed from one revision to another (any two, either order). */
	@GetMapping("/{id}/diff")
	ArticleService.Diff diff(@PathVariable UUID id, @RequestParam int from, @RequestParam int to) {
		return this.articles.diff(id, from, to);
	}

	@PostMapping("/{id}/versions/{revision}/revert")
	ResponseEntity<ArticleView> revert(@PathVariable UUID id, @PathVariable int revision,
			@RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
		Article article = this.articles.revert(id, revision, ETags.expectedVersion(ifMatch));
		return ResponseEntity.ok().eTag(ETags.of(article.version())).body(view(article));
	}

	@GetMapping("/{id}/translations")
	List<ArticleView.Translation> translations(@PathVariable UUID id) {
		return this.articles.translations(this.articles.get(id));
	}

	private ArticleView view(Article article) {
		return ArticleView.of(article, this.articles.translations(article),
				Visibility.audienceOf(Tenancy.require()) == Visibility.INTERNAL);
	}

}
