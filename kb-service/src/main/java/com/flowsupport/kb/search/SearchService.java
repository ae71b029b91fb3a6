package com.flowsupport.kb.search;

import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.flowsupport.kb.cache.KbCache;
import com.flowsupport.kb.content.Visibility;
import com.flowsupport.kb.directory.TenantDirectory;
import com.flowsupport.kb.indexing.Embeddings;
import com.flowsupport.kb.search.HybridSearch.Candidate;
import com.flowsupport.kb.search.HybridSearch.ChunkDetail;
import com.flowsupport.kb.search.HybridSearch.Correction;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.JsonReader;
import com.flowsupport.shared.web.Locales;
import com.flowsupport.shared.web.Problems;

/**
 * Hybrid search for the caller: the query's misspelt words are corrected to the tenant's
 * own words; while the model embeds the corrected query, the lexical legs rank in the
 * same read-only transaction as the corrections; then the vector leg ranks in a second
 * one (no connection is held while waiting for the model), both under the caller's
 * claims. The rankings are fused, and what is shown of the best chunks is read in the
 * second transaction. Answers are cached per tenant, audience and request until the
 * tenant's articles change.
 */
@Service
public class SearchService {

	public static final int QUERY_MAX = 1_000;

	public static final int LIMIT_MAX = 50;

	private static final TypeReference<SearchResults> RESULTS = new TypeReference<>() {
	};

	private static final TypeReference<Retrieval> RETRIEVAL = new TypeReference<>() {
	};

	private final HybridSearch sql;

	private final Embeddings embeddings;

	private final SearchProperties properties;

	private final KbCache cache;

	private final TenantDirectory directory;

	private final TransactionTemplate readOnly;

	SearchService(HybridSearch sql, Embeddings embeddings, SearchProperties properties, KbCache cache,
			TenantDirectory directory, PlatformTransactionManager transactions) {
		this.sql = sql;
		this.embeddings = embeddings;
		this.properties = properties;
		this.cache = cache;
		this.directory = directory;
		this.readOnly = new TransactionTemplate(transactions);
		this.readOnly.setReadOnly(true);
	}

	/**
	 * The best articles for a query, each with its best chunk.
	 * @param audience narrows what the caller reads (staff searching as a customer);
	 * never widens it
	 * @param exclude articles left out (related articles leave out the article itself)
	 */
	public SearchResults search(SearchRequest request) {
		Query query = query(request);
		String key = String.join("|", "articles", query.audience().value(), String.valueOf(request.locale()),
				Integer.toString(request.limit()), request.exclude().toString(), request.query());
		return this.cache.get(query.tenantId(), "search", key, RESULTS, () -> articles(query, request));
	}

	/** The best chunks for a query, as ai-rag-service grounds answers in them. */
	public Retrieval retrieve(SearchRequest request) {
		Query query = query(request);
		String key = String.join("|", "chunks", query.audience().value(), String.valueOf(request.locale()),
				Integer.toString(request.limit()), request.query());
		return this.cache.get(query.tenantId(), "retrieve", key, RETRIEVAL, () -> chunks(query, request));
	}

	/** Runs a search with other settings and no cache: for the evaluation. */
	public Ranked rank(SearchRequest request, SearchProperties settings) {
		return run(query(request), request, settings, Function.identity());
	}

	private SearchResults articles(Query query, SearchRequest request) {
		return run(query, request, this.properties, (ranked) -> {
			List<SearchResults.Item> items = shown(query, ranked,
					ranked.articles().stream().limit(request.limit()).toList(), true)
				.stream()
				.map((shown) -> new SearchResults.Item(shown.item().articleId(), shown.detail().title(),
						shown.detail().slug(), shown.detail().locale(), shown.detail().visibility(),
						shown.detail().snippet(), shown.detail().headingPath(), shown.item().score(), shown.url(),
						SearchResults.evidence(shown.item().evidence())))
				.toList();
			return new SearchResults(items, null, this.properties.fusion().name().toLowerCase(java.util.Locale.ROOT),
					ranked.corrections());
		});
	}

	private Retrieval chunks(Query query, SearchRequest request) {
		return run(query, request, this.properties, (ranked) -> {
			List<Retrieval.Chunk> chunks = shown(query, ranked,
					ranked.passages(request.limit(), this.properties.passagesPerArticle()), false)
				.stream()
				.map((shown) -> new Retrieval.Chunk(shown.item().chunkId(), shown.item().articleId(),
						shown.detail().title(), shown.detail().headingPath(), shown.detail().content(), shown.url(),
						shown.detail().locale(), shown.detail().visibility(), shown.item().score(),
						SearchResults.evidence(shown.item().evidence())))
				.toList();
			return new Retrieval(query.audience().value(), chunks);
		});
	}

	/**
	 * What is shown of the chosen chunks, in their order, with each one's link: a chunk
	 * gone since it was ranked (its article unpublished meanwhile) is left out.
	 * @param snippets whether to mark the query's words in a snippet of each
	 */
	private List<Shown> shown(Query query, Ranked ranked, List<Ranked.Item> top, boolean snippets) {
		if (top.isEmpty()) {
			return List.of();
		}
		Map<UUID, ChunkDetail> details = this.sql.details(query.scope(),
				top.stream().map(Ranked.Item::chunkId).toList(), ranked.typoQuery(), snippets);
		String tenantSlug = this.directory.slugOf(query.tenantId()).orElse(null);
		List<Shown> shown = new ArrayList<>();
		for (Ranked.Item item : top) {
			ChunkDetail detail = details.get(item.chunkId());
			if (detail != null) {
				shown.add(new Shown(item, detail, url(this.properties.publicBaseUrl(), tenantSlug, detail)));
			}
		}
		return shown;
	}

	private record Shown(Ranked.Item item, ChunkDetail detail, String url) {
	}

	/**
	 * Looks up the query's words (known, or corrected to the nearest known ones) and has
	 * the query embedded with its misspellings corrected while the lexical legs rank in
	 * the same transaction; then the vector leg ranks, in a second one (no connection is
	 * held while waiting for the model), and the candidates go fused to {@code present}.
	 */
	private <T> T run(Query query, SearchRequest request, SearchProperties settings, Function<Ranked, T> present) {
		Lexical lexical = Objects.requireNonNull(this.readOnly.execute((status) -> {
			this.sql.prepareCorrections(settings);
			List<Correction> corrections = this.sql.corrections(query.tenantId(), query.scope().audiences(),
					query.scope().queryLocale(), request.query());
			List<Correction> corrected = corrections.stream().filter((c) -> !c.word().equals(c.term())).toList();
			String vectorQuery = corrected(request.query(), corrected);
			CompletableFuture<float[]> vector = this.embeddings.queryMeanwhile(vectorQuery);
			String typoQuery = typoQuery(corrections);
			// Nothing corrected: the typo leg would rank the same words again, so it gets
			// no words of its own and takes the text leg's ranking.
			List<HybridSearch.Term> terms = this.sql.terms(query.scope(), request.query(),
					corrected.isEmpty() ? "" : typoQuery);
			List<Candidate> candidates = this.sql.lexicalCandidates(query.scope(), terms, settings);
			if (corrected.isEmpty()) {
				candidates = withTypoLegFromText(candidates);
			}
			return new Lexical(corrected, typoQuery, vectorQuery, vector, candidates);
		}));
		float[] vector = Embeddings.vectorOf(lexical.vector());
		return Objects.requireNonNull(this.readOnly.execute((status) -> {
			this.sql.prepareVectorLeg(query.scope(), settings);
			List<Candidate> candidates = new ArrayList<>(lexical.candidates());
			candidates.addAll(this.sql.vectorCandidates(query.scope(), vector, settings));
			return present.apply(Ranked.of(candidates, request.exclude(), settings, lexical.corrected(),
					lexical.typoQuery(), lexical.vectorQuery()));
		}));
	}

	/**
	 * What the first transaction found: the lexical legs' candidates, with the query's
	 * vector still being worked out.
	 */
	private record Lexical(List<Correction> corrected, String typoQuery, String vectorQuery,
			CompletableFuture<float[]> vector, List<Candidate> candidates) {
	}

	/**
	 * The query as the model reads it: each misspelt word replaced by its nearest known
	 * word when it is one slip away from it (a letter missing, added or wrong, or two
	 * letters swapped: "pg_dupm backup" is read as "pg_dump backup"). The model splits a
	 * word it does not know into pieces that mean little, so a misspelling moves the
	 * query's vector away from the passages that answer it. A word further from every
	 * known word is more often a real word the texts do not use ("sorry" is not "sort")
	 * and is left as it is; the typo leg still looks for its corrections.
	 * @param corrected each word's nearest known word first
	 */
	static String corrected(String query, List<Correction> corrected) {
		String text = query;
		Set<String> seen = new HashSet<>();
		for (Correction correction : corrected) {
			if (seen.add(correction.word()) && oneSlipApart(correction.word(), correction.term())) {
				text = Pattern
					.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(correction.word()) + "(?![\\p{L}\\p{N}])",
							Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)
					.matcher(text)
					.replaceAll(Matcher.quoteReplacement(correction.term()));
			}
		}
		return text;
	}

	/**
	 * Whether one edit turns {@code a} into {@code b}: a letter inserted, deleted or
	 * replaced, or two neighbouring letters swapped.
	 */
	static boolean oneSlipApart(String a, String b) {
		if (a.equals(b) || Math.abs(a.length() - b.length()) > 1) {
			return false;
		}
		int start = 0;
		while (start < Math.min(a.length(), b.length()) && a.charAt(start) == b.charAt(start)) {
			start++;
		}
		int endA = a.length();
		int endB = b.length();
		while (endA > start && endB > start && a.charAt(endA - 1) == b.charAt(endB - 1)) {
			endA--;
			endB--;
		}
		int differA = endA - start;
		int differB = endB - start;
		boolean swapped = differA == 2 && differB == 2 && a.charAt(start) == b.charAt(start + 1)
				&& a.charAt(start + 1) == b.charAt(start);
		return (differA <= 1 && differB <= 1) || swapped;
	}

	/** The candidates with the text leg's ranking also as the typo leg's. */
	static List<Candidate> withTypoLegFromText(List<Candidate> candidates) {
		List<Candidate> all = new ArrayList<>(candidates.size() * 4 / 3 + 1);
		for (Candidate candidate : candidates) {
			if (candidate.leg() != Leg.TYPO) {
				all.add(candidate);
			}
			if (candidate.leg() == Leg.TEXT) {
				all.add(new Candidate(Leg.TYPO, candidate.chunkId(), candidate.articleId(), candidate.score()));
			}
		}
		return all;
	}

	/** Known words and corrections, any of them: {@code 'passwords' | 'reset'}. */
	static String typoQuery(List<Correction> corrections) {
		Set<String> terms = new LinkedHashSet<>();
		corrections.forEach((correction) -> terms.add(correction.term()));
		return HybridSearch.anyOf(terms);
	}

	private Query query(SearchRequest request) {
		CallerIdentity caller = Tenancy.require();
		Visibility widest = Visibility.audienceOf(caller);
		Visibility audience = (request.audience() != null) ? request.audience() : widest;
		if (audience.ordinal() > widest.ordinal()) {
			throw new AccessDeniedException("Cannot search as a wider audience than one's own");
		}
		UUID tenantId = caller.requireTenantId();
		String[] audiences = audience.readable().stream().map(Visibility::value).toArray(String[]::new);
		String queryLocale = (request.locale() != null) ? request.locale() : "en";
		return new Query(tenantId, audience,
				new HybridSearch.Scope(tenantId, audiences, request.locale(), queryLocale));
	}

	/**
	 * Public articles link to the help center page of the tenant; the others to the
	 * article in the API, where only their audience may read them.
	 */
	private static String url(URI base, @Nullable String tenantSlug, ChunkDetail detail) {
		if (tenantSlug != null && Visibility.PUBLIC.value().equals(detail.visibility())) {
			return base.resolve("/api/v1/help/" + tenantSlug + "/articles/" + detail.articleId()).toString();
		}
		return base.resolve("/api/v1/kb/articles/" + detail.articleId()).toString();
	}

	/** Validates the common parameters of search requests. */
	public static SearchRequest request(@Nullable String q, @Nullable String locale, @Nullable Integer limit,
			int defaultLimit, @Nullable String audience, Set<UUID> exclude) {
		Map<String, String> errors = new LinkedHashMap<>();
		if (q == null || q.isBlank()) {
			errors.put("q", "is required");
		}
		else if (q.length() > QUERY_MAX) {
			errors.put("q", "must be at most " + QUERY_MAX + " characters");
		}
		else if (JsonReader.hasNul(q)) {
			errors.put("q", JsonReader.NUL_MESSAGE);
		}
		if (locale != null && !Locales.isTag(locale)) {
			errors.put("locale", Locales.MESSAGE);
		}
		if (limit != null && (limit < 1 || limit > LIMIT_MAX)) {
			errors.put("limit", "must be from 1 to " + LIMIT_MAX);
		}
		Visibility narrowed = null;
		if (audience != null) {
			narrowed = Visibility.parse(audience).orElse(null);
			if (narrowed == null) {
				errors.put("audience", "must be one of " + Visibility.ALLOWED);
			}
		}
		if (!errors.isEmpty()) {
			throw Problems.unprocessable(errors);
		}
		return new SearchRequest(Objects.requireNonNull(q).strip(), locale, (limit != null) ? limit : defaultLimit,
				narrowed, exclude);
	}

	private record Query(UUID tenantId, Visibility audience, HybridSearch.Scope scope) {
	}

	/**
	 * Candidates fused twice: as chunks (retrieval) and as articles, each article ranked
	 * in every leg by its best chunk (search, related articles).
	 *
	 * @param vectorQuery the query as the vector leg embedded it ({@link #corrected})
	 */
	public record Ranked(List<Item> articles, List<Item> chunks, List<Correction> corrections, String typoQuery,
			String vectorQuery) {

		static Ranked of(List<Candidate> candidates, Set<UUID> exclude, SearchProperties properties,
				List<Correction> corrections, String typoQuery, String vectorQuery) {
			Map<Leg, List<Fusion.Hit<UUID>>> chunkLegs = new EnumMap<>(Leg.class);
			Map<UUID, UUID> articleOf = new HashMap<>();
			for (Candidate candidate : candidates) {
				if (!exclude.contains(candidate.articleId())) {
					articleOf.put(candidate.chunkId(), candidate.articleId());
					chunkLegs.computeIfAbsent(candidate.leg(), (leg) -> new ArrayList<>())
						.add(new Fusion.Hit<>(candidate.chunkId(), candidate.score()));
				}
			}
			Map<Leg, List<Fusion.Hit<UUID>>> articleLegs = new EnumMap<>(Leg.class);
			chunkLegs.forEach(
					(leg, hits) -> articleLegs.put(leg, Fusion.perKey(hits, articleOf, properties.furtherPassages())));
			Fusion fusion = properties.fusion();
			List<Fusion.Fused<UUID>> chunks = fusion.fuse(chunkLegs, properties);
			Map<UUID, UUID> bestChunk = new HashMap<>();
			chunks.forEach((chunk) -> bestChunk.putIfAbsent(articleOf.get(chunk.key), chunk.key));
			List<Item> articleItems = fusion.fuse(articleLegs, properties)
				.stream()
				.map((article) -> new Item(article.key, bestChunk.get(article.key), article.score, article.evidence))
				.toList();
			List<Item> chunkItems = chunks.stream()
				.map((chunk) -> new Item(articleOf.get(chunk.key), chunk.key, chunk.score, chunk.evidence))
				.toList();
			return new Ranked(articleItems, chunkItems, corrections, typoQuery, vectorQuery);
		}

		/**
		 * Chunks for grounding an answer: the articles in their fused order, each with
		 * its best chunks (in the chunks' fused order, at most {@code perArticle}), until
		 * {@code limit} chunks. One long article cannot fill the list, so the answerer
		 * sees the few articles most likely to answer, in that order.
		 */
		List<Item> passages(int limit, int perArticle) {
			Map<UUID, List<Item>> byArticle = new HashMap<>();
			for (Item chunk : this.chunks) {
				List<Item> own = byArticle.computeIfAbsent(chunk.articleId(), (id) -> new ArrayList<>());
				if (own.size() < perArticle) {
					own.add(chunk);
				}
			}
			List<Item> passages = new ArrayList<>();
			for (Item article : this.articles) {
				for (Item chunk : byArticle.getOrDefault(article.articleId(), List.of())) {
					if (passages.size() == limit) {
						return passages;
					}
					passages.add(chunk);
				}
			}
			return passages;
		}

		/** A fused result with the evidence of each leg that found it. */
		public record Item(UUID articleId, UUID chunkId, double score, Map<Leg, Fusion.Evidence> evidence) {
		}

	}

}
