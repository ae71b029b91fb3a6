package com.flowsupport.kb.content;

import java.util.Locale;
import java.util.Optional;

/** The workflow of an article: only published articles reach readers and search. */
public enum ArticleStatus {

	DRAFT, PUBLISHED, ARCHIVED;

	public static final String ALLOWED = "draft, published, archived";

	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static Optional<ArticleStatus> parse(String value) {
		for (ArticleStatus status : values()) {
			if (status.value().equals(value)) {
				return Optional.of(status);
			}
		}
		return Optional.empty();
	}

}
