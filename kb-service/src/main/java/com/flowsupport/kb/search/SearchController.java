package com.flowsupport.kb.search;

import java.util.Arrays;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.flowsupport.kb.content.Article;
import com.flowsupport.kb.content.ArticleService;
import com.flowsupport.shared.web.JsonReader;

@RestController
@RequestMapping("/api/v1/kb")
class SearchController {

	static final int SEARCH_LIMIT = 10;

	static final int RETRIEVE_LIMIT = 8;

	static final int RELATED_LIMIT = 5;

	/** Words of an article that describe it well enough to find its neighbours. */
	static final int RELATED_WORDS = 120;

	private final SearchService search;

	private final ArticleService articles;

	SearchController(SearchService search, ArticleService articles) {
		this.search = search;
		this.articles = articles;
	}

	/** Published articles the caller may read, best first. */
	@GetMapping("/search")
	SearchResults search(@RequestParam(required = false) @Nullable String q,
			@RequestParam(required = false) @Nullable String locale,
			@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String audience) {
		return this.search.search(SearchService.request(q, locale, limit, SEARCH_LIMIT, audience, Set.of()));
	}

	/**
	 * For ai-rag-service: the top chunks with their text, article, headings, link and
	 * scores. {@code audience} narrows the caller's (a service answering an anonymous
	 * visitor asks for {@code public}).
	 */
	@PostMapping("/retrieve")
	Retrieval retrieve(@RequestBody JsonNode body) {
		JsonReader in = new JsonReader(body, Set.of("query", "k", "locale", "audience"));
		String query = in.text("query", SearchService.QUERY_MAX, true);
		Integer k = in.integer("k", 1, SearchService.LIMIT_MAX);
		String locale = in.text("locale", 20, false);
		String audience = in.text("audience", 20, false);
		in.finish();
		return this.search.retrieve(SearchService.request(query, locale, k, RETRIEVE_LIMIT, audience, Set.of()));
	}

	/** Articles about the same thing as this one, in its locale. */
	@GetMapping("/articles/{id}/related")
	SearchResults related(@PathVariable UUID id, @RequestParam(required = false) @Nullable Integer limit) {
		Article article = this.articles.get(id);
		String[] words = article.body().split("\\s+");
		String text = article.title() + " "
				+ String.join(" ", Arrays.copyOf(words, Math.min(words.length, RELATED_WORDS)));
		text = text.substring(0, Math.min(text.length(), SearchService.QUERY_MAX));
		return this.search
			.search(SearchService.request(text, article.locale(), limit, RELATED_LIMIT, null, Set.of(article.id())));
	}

	/** Articles that may answer a text, e.g. a ticket's subject and description. */
	@PostMapping("/related")
	SearchResults relatedToText(@RequestBody JsonNode body) {
		JsonReader in = new JsonReader(body, Set.of("text", "locale", "limit"));
		String text = in.text("text", 20_000, true);
		String locale = in.text("locale", 20, false);
		Integer limit = in.integer("limit", 1, SearchService.LIMIT_MAX);
		in.finish();
		String query = text.strip();
		query = query.substring(0, Math.min(query.length(), SearchService.QUERY_MAX));
		return this.search.search(SearchService.request(query, locale, limit, RELATED_LIMIT, null, Set.of()));
	}

}
