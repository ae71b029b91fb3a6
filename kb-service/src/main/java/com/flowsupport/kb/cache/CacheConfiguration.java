package com.flowsupport.kb.cache;

import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.flowsupport.shared.events.EventSubscription;
import com.flowsupport.shared.events.EventTypes;

@Configuration(proxyBeanMethods = false)
class CacheConfiguration {

	/**
	 * Whatever readers see of a tenant's articles changed: its cached content and search
	 * results go, on every replica at once (they share Redis).
	 */
	@Bean
	EventSubscription kbCacheSubscription(KbCache cache) {
		return new EventSubscription("kb-cache",
				Set.of(EventTypes.KB_ARTICLE_PUBLISHED, EventTypes.KB_ARTICLE_UPDATED, EventTypes.KB_ARTICLE_ARCHIVED),
				(event) -> cache.evict(event.tenantId()));
	}

}
