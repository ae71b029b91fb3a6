package com.flowsupport.kb.search;

import java.util.List;
import java.util.UUID;

/**
 * The chunks an answer can be grounded in, best first.
 *
 * @param audience whose reading rights the chunks were chosen by
 */
public record Retrieval(String audience, List<Chunk> chunks) {

	/**
	 * @param text the chunk's plain text
	 * @param url where a reader of the chunk's audience opens the article
	 * @param score the fused score
	 * @param scores each leg's rank and score
	 */
	public record Chunk(UUID chunkId, UUID articleId, String title, List<String> headingPath, String text, String url,
			String locale, String visibility, double score, SearchResults.Evidence scores) {
	}

}
