package com.flowsupport.shared.privacy;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Takes a person's identifiers out of text that stays: every occurrence as a whole word,
 * ignoring case, becomes {@link #REDACTED} (a first name "Al" goes, "normal" stays).
 * Longer identifiers are replaced first, so that a full name goes as a whole before its
 * parts are looked for.
 */
public final class Redaction {

	/** What replaces personal data in text that is kept. */
	public static final String REDACTED = "[redacted]";

	private final @Nullable Pattern pattern;

	private Redaction(Collection<String> identifiers) {
		List<String> ordered = identifiers.stream()
			.filter((value) -> !value.isBlank())
			.distinct()
			.sorted(Comparator.comparingInt(String::length).reversed())
			.map(Pattern::quote)
			.toList();
		this.pattern = ordered.isEmpty() ? null
				: Pattern.compile("(?<![\\p{L}\\p{N}_])(?:" + String.join("|", ordered) + ")(?![\\p{L}\\p{N}_])",
						Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
	}

	public static Redaction of(Collection<String> identifiers) {
		return new Redaction(identifiers);
	}

	/** The text with every identifier redacted. */
	public String apply(String text) {
		Pattern identifiers = this.pattern;
		return (identifiers != null) ? identifiers.matcher(text).replaceAll(Matcher.quoteReplacement(REDACTED)) : text;
	}

	/**
	 * A copy of a JSON document whose string values are redacted, and whose strings equal
	 * to a key of {@code replacements} (e.g. the subject's id) are replaced whole.
	 */
	public JsonNode apply(JsonNode node, Map<String, String> replacements) {
		if (node.isString()) {
			String value = node.stringValue();
			return JsonNodeFactory.instance.stringNode(replacements.getOrDefault(value, apply(value)));
		}
		if (node.isArray()) {
			ArrayNode copy = JsonNodeFactory.instance.arrayNode();
			node.values().forEach((item) -> copy.add(apply(item, replacements)));
			return copy;
		}
		if (node.isObject()) {
			ObjectNode copy = JsonNodeFactory.instance.objectNode();
			node.properties().forEach((entry) -> copy.set(entry.getKey(), apply(entry.getValue(), replacements)));
			return copy;
		}
		return node;
	}

}
