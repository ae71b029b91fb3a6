package com.flowsupport.kb.content;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import com.flowsupport.shared.web.JsonReader;
import com.flowsupport.shared.web.Locales;

/**
 * Reads article request bodies strictly: unknown fields and every bad value are named in
 * one 422, and nothing is written.
 */
final class ArticleRequests {

	static final int TITLE_MAX = 300;

	static final int BODY_MAX = 200_000;

	static final int TAGS_MAX = 20;

	static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

	static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,49}");

	private static final Set<String> CREATE_FIELDS = Set.of("title", "body", "locale", "visibility", "status", "slug",
			"tags", "categoryId", "sectionId", "translationOf", "note");

	private static final Set<String> UPDATE_FIELDS = Set.of("title", "body", "locale", "visibility", "status", "slug",
			"tags", "categoryId", "sectionId", "note");

	private ArticleRequests() {
	}

	/** A new article; absent fields take their defaults (English, public, draft). */
	static NewArticle newArticle(JsonNode body) {
		JsonReader in = new JsonReader(body, CREATE_FIELDS);
		NewArticle article = new NewArticle(in.text("title", TITLE_MAX, true), in.text("body", BODY_MAX, true),
				Locales.read(in), in.choice("visibility", Visibility::parse, Visibility.ALLOWED),
				in.choice("status", ArticleStatus::parse, ArticleStatus.ALLOWED), slug(in), tags(in),
				in.uuid("categoryId"), in.uuid("sectionId"), in.uuid("translationOf"), in.text("note", 500, false));
		in.finish();
		return article;
	}

	/** Only the fields present change; {@code null} clears the optional ones. */
	static ArticleChanges changes(JsonNode body) {
		JsonReader in = new JsonReader(body, UPDATE_FIELDS);
		ArticleChanges changes = new ArticleChanges(in.has("title") ? in.text("title", TITLE_MAX, true) : null,
				in.has("body") ? in.text("body", BODY_MAX, true) : null, in.has("locale") ? Locales.read(in) : null,
				in.choice("visibility", Visibility::parse, Visibility.ALLOWED),
				in.choice("status", ArticleStatus::parse, ArticleStatus.ALLOWED), in.has("slug") ? slug(in) : null,
				in.has("tags") ? tags(in) : null, in.has("categoryId"), in.uuid("categoryId"), in.has("sectionId"),
				in.uuid("sectionId"), in.text("note", 500, false));
		in.finish();
		return changes;
	}

	private static @Nullable String slug(JsonReader in) {
		String slug = in.text("slug", 120, false);
		if (slug != null && !SLUG.matcher(slug).matches()) {
			in.reject("slug", "must be lower-case letters and digits joined by single hyphens");
			return null;
		}
		return slug;
	}

	private static List<String> tags(JsonReader in) {
		List<String> tags = new ArrayList<>();
		for (String tag : in.strings("tags", TAGS_MAX)) {
			String normalised = tag.trim().toLowerCase(Locale.ROOT);
			if (!TAG.matcher(normalised).matches()) {
				in.reject("tags", "must be single words of letters, digits, '-', '_' or '.' (at most 50)");
				return List.of();
			}
			if (!tags.contains(normalised)) {
				tags.add(normalised);
			}
		}
		return tags;
	}

	/** A slug made from a title: "How do I reset 2FA?" becomes "how-do-i-reset-2fa". */
	static String slugOf(String title) {
		String slug = java.text.Normalizer.normalize(title, java.text.Normalizer.Form.NFKD)
			.replaceAll("\\p{M}", "")
			.toLowerCase(Locale.ROOT)
			.replaceAll("[^a-z0-9]+", "-")
			.replaceAll("(^-+|-+$)", "");
		if (slug.length() > 80) {
			slug = slug.substring(0, 80).replaceAll("-+$", "");
		}
		return slug.isEmpty() ? "article" : slug;
	}

	record NewArticle(String title, String body, @Nullable String locale, @Nullable Visibility visibility,
			@Nullable ArticleStatus status, @Nullable String slug, List<String> tags, @Nullable UUID categoryId,
			@Nullable UUID sectionId, @Nullable UUID translationOf, @Nullable String note) {
	}

	record ArticleChanges(@Nullable String title, @Nullable String body, @Nullable String locale,
			@Nullable Visibility visibility, @Nullable ArticleStatus status, @Nullable String slug,
			@Nullable List<String> tags, boolean categoryGiven, @Nullable UUID categoryId, boolean sectionGiven,
			@Nullable UUID sectionId, @Nullable String note) {
	}

}
