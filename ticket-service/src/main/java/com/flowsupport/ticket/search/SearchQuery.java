package com.flowsupport.ticket.search;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.http.HttpStatus;

import com.flowsupport.shared.web.Problems;

/**
 * The ticket search language:
 * {@code status:open priority>normal assignee:me group:billing
 * tag:refund requester:ana@x.com created>2026-01-01 "exact phrase" -excluded} plus free
 * words. Only the fields in {@link #FIELDS} exist; anything else is a 400 problem naming
 * it. Values never reach SQL as text: the builder binds them as parameters.
 */
public final class SearchQuery {

	public static final Set<String> FIELDS = Set.of("status", "priority", "type", "assignee", "group", "requester",
			"follower", "tag", "channel", "created", "updated", "solved", "due", "number", "satisfaction", "sla",
			"has");

	static final int MAX_LENGTH = 1_000;

	static final int MAX_TERMS = 30;

	private static final Pattern TOKEN = Pattern
		.compile("(-)?(?:\"([^\"]*)\"|([\\p{L}_]+)(:|>=|<=|>|<)(\"[^\"]*\"|\\S+)|(\\S+))");

	private SearchQuery() {
	}

	public static TicketFilter parse(String query) {
		if (query.length() > MAX_LENGTH) {
			throw invalid("The query is longer than " + MAX_LENGTH + " characters.");
		}
		TicketFilter filter = new TicketFilter();
		Matcher matcher = TOKEN.matcher(query);
		int terms = 0;
		while (matcher.find()) {
			if (++terms > MAX_TERMS) {
				throw invalid("The query has more than " + MAX_TERMS + " terms.");
			}
			boolean negated = matcher.group(1) != null;
			if (matcher.group(2) != null) {
				String phrase = matcher.group(2).trim();
				if (!phrase.isEmpty()) {
					if (negated) {
						filter.exclude(phrase);
					}
					else {
						filter.phrase(phrase);
					}
				}
			}
			else if (matcher.group(3) != null) {
				String field = matcher.group(3).toLowerCase(Locale.ROOT);
				if (!FIELDS.contains(field)) {
					throw invalid("Unknown field '" + field + "'. Fields: " + FIELDS.stream().sorted().toList() + ".");
				}
				String value = unquote(matcher.group(5));
				filter.where(field, TicketFilter.Operator.of(matcher.group(4)), value, negated);
			}
			else {
				String word = matcher.group(6);
				if (negated) {
					filter.exclude(word);
				}
				else {
					filter.word(word);
				}
			}
		}
		return filter;
	}

	private static String unquote(String value) {
		return (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\""))
				? value.substring(1, value.length() - 1) : value;
	}

	static RuntimeException invalid(String detail) {
		return Problems.of(HttpStatus.BAD_REQUEST, "invalid-query", "Invalid search query", detail);
	}

}
