package com.flowsupport.kb.content;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** What an article list is narrowed to; every part optional. */
record ArticleFilter(@Nullable UUID categoryId, @Nullable UUID sectionId, @Nullable ArticleStatus status,
		@Nullable String locale) {
}
