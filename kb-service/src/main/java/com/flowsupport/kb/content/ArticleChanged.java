package com.flowsupport.kb.content;

import java.util.UUID;

/**
 * Published inside the transaction that changed what readers of an article see, for the
 * index to follow in the same transaction.
 *
 * @param live whether the article is published now (its chunks must match it) or was
 * withdrawn (its chunks are gone)
 */
public record ArticleChanged(UUID tenantId, UUID articleId, boolean live) {
}
