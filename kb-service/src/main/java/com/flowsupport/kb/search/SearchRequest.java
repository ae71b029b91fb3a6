package com.flowsupport.kb.search;

import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.flowsupport.kb.content.Visibility;

/**
 * @param query what the reader typed (or a ticket's text)
 * @param locale only articles in this locale, when given; it is also the language the
 * query is stemmed in (English otherwise)
 * @param limit results wanted
 * @param audience narrows the caller's audience, when given
 * @param exclude articles to leave out
 */
public record SearchRequest(String query, @Nullable String locale, int limit, @Nullable Visibility audience,
		Set<UUID> exclude) {

	public SearchRequest {
		exclude = Set.copyOf(exclude);
	}

}
