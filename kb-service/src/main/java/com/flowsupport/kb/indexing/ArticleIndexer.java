package com.flowsupport.kb.indexing;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.flowsupport.kb.cache.KbCache;
import com.flowsupport.kb.content.ArticleChanged;
import com.flowsupport.shared.db.Transactions;
import com.flowsupport.shared.events.EventEnvelope;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;

/**
 * Keeps an article's chunks and embeddings in step with it, in two steps. In the
 * transaction that changes the article, its chunks are rewritten from the new text (full
 * text search sees the change at once) and the article is marked {@code pending}. Then,
 * driven by the article's event, the chunks are embedded outside any lock and stored, and
 * the article is marked {@code indexed}. A failed embedding marks it {@code failed} with
 * the error and a due time; the event is delivered again, and the sweep keeps retrying
 * with backoff after the stream has given up. The article itself is never touched by a
 * failure.
 */
@Component
public class ArticleIndexer {

	private static final Logger log = LoggerFactory.getLogger(ArticleIndexer.class);

	private static final int ERROR_MAX = 500;

	/** The service identity background indexing acts as. */
	private static final String SERVICE = "kb-service";

	private final ChunkStore chunks;

	private final Chunker chunker;

	private final Embeddings embeddings;

	private final IndexingProperties properties;

	private final KbCache cache;

	private final TransactionTemplate ownTransaction;

	private final Clock clock;

	ArticleIndexer(ChunkStore chunks, Embeddings embeddings, IndexingProperties properties, KbCache cache,
			PlatformTransactionManager transactions, Clock clock) {
		this.chunks = chunks;
		this.chunker = new Chunker(properties);
		this.embeddings = embeddings;
		this.properties = properties;
		this.cache = cache;
		this.ownTransaction = Transactions.ownTransaction(transactions);
		this.clock = clock;
	}

	/** Step one, inside the transaction that changed the article. */
	@EventListener
	void rewriteChunks(ArticleChanged change) {
		if (!change.live()) {
			// The article's trigger has already taken its chunks out of search.
			this.chunks.markUnpublished(change.tenantId(), change.articleId());
			return;
		}
		ChunkStore.Source source = this.chunks.source(change.tenantId(), change.articleId()).orElseThrow();
		List<Chunker.Piece> pieces = this.chunker.split(source.body());
		this.chunks.replace(change.tenantId(), change.articleId(), source.title(), pieces, this.embeddings.modelName());
		Instant now = this.clock.instant();
		this.chunks.markProgress(change.tenantId(), change.articleId(), this.embeddings.modelName(), now,
				now.plus(this.properties.pickupDelay()));
	}

	/** Step two for an article event (published or updated). */
	void onArticleEvent(EventEnvelope event) {
		embed(event.tenantId(), UUID.fromString(event.data().required("articleId").asString()));
	}

	/**
	 * Embeds whatever chunks of the article lack an embedding from the current model, as
	 * the caller in scope (a service identity of the tenant).
	 * @throws RuntimeException when the model or the database fails, after recording it
	 */
	public void embed(UUID tenantId, UUID articleId) {
		String model = this.embeddings.modelName();
		try {
			List<ChunkStore.Pending> pending = this.ownTransaction
				.execute((status) -> this.chunks.pending(tenantId, articleId, model));
			List<float[]> vectors = pending.isEmpty() ? List.of()
					: this.embeddings.passages(pending.stream().map(ChunkStore.Pending::text).toList());
			this.ownTransaction.executeWithoutResult((status) -> {
				if (this.chunks.lockPublished(tenantId, articleId)) {
					this.chunks.store(tenantId, pending, vectors, model);
					Instant now = this.clock.instant();
					this.chunks.markProgress(tenantId, articleId, model, now, now.plus(this.properties.pickupDelay()));
				}
			});
			this.cache.evict(tenantId);
		}
		catch (RuntimeException ex) {
			String error = ex.toString();
			log.warn("Embedding article {} of tenant {} failed, will retry: {}", articleId, tenantId, error);
			this.ownTransaction.executeWithoutResult((status) -> this.chunks.markFailed(tenantId, articleId,
					error.substring(0, Math.min(error.length(), ERROR_MAX)), this.properties, this.clock.instant()));
			throw ex;
		}
	}

	/**
	 * The sweep: articles whose embedding is overdue (failed, or never picked up) or from
	 * another model, across tenants, each embedded as its tenant's service identity.
	 * @return how many were attempted
	 */
	public int sweep(int limit) {
		List<ChunkStore.Due> due = Tenancy.callAs(CallerIdentity.platform(SERVICE), () -> this.ownTransaction
			.execute((status) -> this.chunks.due(this.embeddings.modelName(), this.clock.instant(), limit)));
		for (ChunkStore.Due article : due) {
			try {
				Tenancy.runAs(CallerIdentity.service(article.tenantId(), SERVICE),
						() -> embed(article.tenantId(), article.articleId()));
			}
			catch (RuntimeException ex) {
				// Recorded on the article with its next due time; the others go on.
			}
		}
		return due.size();
	}

}
