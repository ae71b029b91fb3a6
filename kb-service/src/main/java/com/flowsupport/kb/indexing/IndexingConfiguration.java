package com.flowsupport.kb.indexing;

import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

import com.flowsupport.shared.events.EventSubscription;
import com.flowsupport.shared.events.EventTypes;

@Configuration(proxyBeanMethods = false)
class IndexingConfiguration {

	static final int SWEEP_BATCH = 50;

	private final ArticleIndexer indexer;

	IndexingConfiguration(ArticleIndexer indexer) {
		this.indexer = indexer;
	}

	/**
	 * Embedding runs off the request, driven by the article's own events; a failure is
	 * retried by the stream and then by the sweep.
	 */
	@Bean
	EventSubscription kbIndexerSubscription() {
		return new EventSubscription("kb-indexer",
				Set.of(EventTypes.KB_ARTICLE_PUBLISHED, EventTypes.KB_ARTICLE_UPDATED), this.indexer::onArticleEvent);
	}

	@Scheduled(fixedDelayString = "${flowsupport.kb.indexing.sweep-interval:30s}",
			initialDelayString = "${flowsupport.kb.indexing.sweep-interval:30s}")
	void sweep() {
		while (this.indexer.sweep(SWEEP_BATCH) == SWEEP_BATCH) {
			// A full batch: more may be due (after a model change, every article is).
		}
	}

}
