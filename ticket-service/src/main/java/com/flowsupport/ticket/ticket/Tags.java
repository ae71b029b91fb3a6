package com.flowsupport.ticket.ticket;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.web.ErrorResponseException;

import com.flowsupport.shared.web.Problems;

/**
 * Tags are lower-case words (letters, digits, {@code _-:./}), at most 50 characters and
 * 50 per ticket, as a search for {@code tag:refund} expects them.
 */
public final class Tags {

	private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}_\\-:./]{1,50}");

	static final int MAX_TAGS = 50;

	private Tags() {
	}

	/**
	 * @return why {@code tags} are not acceptable, or {@code null} when they are
	 */
	static @Nullable String problemWith(List<String> tags) {
		try {
			normalize(tags);
			return null;
		}
		catch (ErrorResponseException ex) {
			return "must be words of letters, digits or _-:./ (no spaces), at most 50 characters and 50 tags";
		}
	}

	public static List<String> normalize(List<String> tags) {
		LinkedHashSet<String> normalized = new LinkedHashSet<>();
		for (String tag : tags) {
			String value = tag.trim().toLowerCase(Locale.ROOT);
			if (!TAG.matcher(value).matches()) {
				throw Problems.unprocessable(Map.of("tags",
						"'" + abbreviate(tag) + "' is not a tag: use up to 50 letters, digits, or _-:./ (no spaces)"));
			}
			normalized.add(value);
		}
		if (normalized.size() > MAX_TAGS) {
			throw Problems.unprocessable(Map.of("tags", "a ticket has at most " + MAX_TAGS + " tags"));
		}
		return List.copyOf(normalized);
	}

	private static String abbreviate(String value) {
		return (value.length() > 60) ? value.substring(0, 60) + "…" : value;
	}

}
