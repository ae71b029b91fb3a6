package com.flowsupport.rag.answer;

import java.util.UUID;

/**
 * Where an answer comes from.
 *
 * @param quote the passage of the article the answer rests on
 */
public record Citation(UUID articleId, String title, String url, String quote) {
}
