package com.flowsupport.kb.importing;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.http.ProblemDetail;

/**
 * What an import did, article by article.
 *
 * @param imported articles created
 * @param failed articles refused, each with the problem that says why
 */
public record ImportReport(int imported, int failed, List<Item> items) {

	/**
	 * @param source the file, and the position within it, the article came from
	 * @param problem why it was refused (with {@code errors} naming the fields)
	 */
	public record Item(String source, boolean ok, @Nullable UUID articleId, @Nullable String title,
			@Nullable ProblemDetail problem) {
	}

}
