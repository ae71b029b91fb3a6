package com.flowsupport.rag.peer;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.HashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import com.flowsupport.rag.RagProperties;

/**
 * kb-service as ai-rag-service uses it: the chunks that ground an answer, articles
 * related to a text, and drafts of new articles.
 */
@Component
public class KnowledgeBase {

	/** The longest query kb-service's retrieval takes, in characters. */
	static final int QUERY_MAX = 1_000;

	/** The longest text kb-service finds related articles for. */
	static final int RELATED_TEXT_MAX = 20_000;

	private final PeerClient kb;

	KnowledgeBase(RagProperties properties, PeerCredentials credentials, RestClient.Builder restClients) {
		this.kb = new PeerClient("kb-service", properties.kbUrl(), properties.connectTimeout(),
				properties.readTimeout(), credentials, restClients);
	}

	/** A leg's verdict on a chunk: its rank there (1 = best) and score. */
	public record Leg(int rank, double score) {
	}

	public record Legs(@Nullable Leg text, @Nullable Leg typo, @Nullable Leg vector) {
	}

	/**
	 * A chunk of an article, as retrieved for a question.
	 *
	 * @param score the fused score (only its order means something)
	 */
	public record Passage(UUID chunkId, UUID articleId, String title, List<String> headingPath, String text, String url,
			@Nullable String locale, @Nullable String visibility, double score, Legs scores) {
	}

	record Retrieval(String audience, List<Passage> chunks) {
	}

	/**
	 * The best chunks for a question that the caller (or, for {@code asService}, the
	 * audience named) may read, best first.
	 * @param audience narrows what is read: {@code public} for anonymous visitors,
	 * {@code signed_in} for customers; {@code null} for the caller's own reach
	 */
	public List<Passage> retrieve(String query, @Nullable String locale, @Nullable String audience, int k,
			boolean asService) {
		Map<String, Object> body = new HashMap<>();
		body.put("query", within(query, QUERY_MAX));
		body.put("k", k);
		if (locale != null) {
			body.put("locale", locale);
		}
		if (audience != null) {
			body.put("audience", audience);
		}
		Retrieval retrieval = this.kb.call(asService,
				(rest, token) -> rest.post()
					.uri("/api/v1/kb/retrieve")
					.headers((headers) -> headers.setBearerAuth(token))
					.contentType(MediaType.APPLICATION_JSON)
					.body(body)
					.retrieve()
					.body(Retrieval.class));
		return (retrieval != null) ? retrieval.chunks() : List.of();
	}

	/** An article that may answer a text, as kb-service's search describes it. */
	public record RelatedArticle(UUID articleId, String title, String url, String snippet, double score) {
	}

	record SearchResults(List<RelatedArticle> items) {
	}

	/** Published articles the caller may read that may answer {@code text}. */
	public List<RelatedArticle> related(String text, @Nullable String locale, int limit) {
		Map<String, Object> body = new HashMap<>();
		body.put("text", within(text, RELATED_TEXT_MAX));
		body.put("limit", limit);
		if (locale != null) {
			body.put("locale", locale);
		}
		SearchResults results = this.kb.call(false,
				(rest, token) -> rest.post()
					.uri("/api/v1/kb/related")
					.headers((headers) -> headers.setBearerAuth(token))
					.contentType(MediaType.APPLICATION_JSON)
					.body(body)
					.retrieve()
					.body(SearchResults.class));
		return (results != null) ? results.items() : List.of();
	}

	public record DraftArticle(UUID id, String title, String status, String visibility) {
	}

	/**
	 * Stores a new article as a draft, written by the caller (an agent), for an editor to
	 * review and publish.
	 */
	public DraftArticle createDraft(String title, String body, String locale, List<String> tags) {
		Map<String, Object> request = Map.of("title", title, "body", body, "locale", locale, "status", "draft",
				"visibility", "internal", "tags", tags);
		DraftArticle draft = this.kb.call(false,
				(rest, token) -> rest.post()
					.uri("/api/v1/kb/articles")
					.headers((headers) -> headers.setBearerAuth(token))
					.contentType(MediaType.APPLICATION_JSON)
					.body(request)
					.retrieve()
					.body(DraftArticle.class));
		if (draft == null) {
			throw new PeerUnavailableException("kb-service answered a draft without a body", null);
		}
		return draft;
	}

	/**
	 * {@code text} cut to at most {@code max} characters, at the last space when there is
	 * one in the second half (a follow-up joined to a long question, a long ticket): the
	 * start of a text says what it is about, and kb-service refuses longer ones.
	 */
	static String within(String text, int max) {
		if (text.length() <= max) {
			return text;
		}
		int end = max;
		if (Character.isHighSurrogate(text.charAt(end - 1))) {
			end--;
		}
		int space = text.lastIndexOf(' ', end);
		return text.substring(0, (space > max / 2) ? space : end);
	}

}
