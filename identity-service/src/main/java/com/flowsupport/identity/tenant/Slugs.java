package com.flowsupport.identity.tenant;

import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Tenant slugs appear in URLs (help center, login): short, lower-case, and not one of
 * ours.
 */
final class Slugs {

	private static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])");

	private static final Set<String> RESERVED = Set.of("api", "www", "admin", "app", "help", "widget", "webhooks",
			"static", "assets", "platform", "flowsupport", "status", "docs", "auth", "login", "signup");

	private Slugs() {
	}

	/**
	 * @return why the slug is refused, or {@code null} when it is acceptable
	 */
	static @Nullable String problem(String slug) {
		if (slug == null || !SLUG.matcher(slug).matches()) {
			return "must be 3 to 40 lower-case letters, digits or hyphens, starting and ending with a letter or digit";
		}
		if (RESERVED.contains(slug)) {
			return "is reserved";
		}
		return null;
	}

}
