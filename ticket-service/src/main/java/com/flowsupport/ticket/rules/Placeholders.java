package com.flowsupport.ticket.rules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import com.flowsupport.ticket.ticket.Ticket;

/**
 * The {@code {{ticket.number}}}-style placeholders of notes, notifications and macro
 * comments. Rendering is one pass of plain-text substitution: a value that itself looks
 * like a placeholder (a customer can write anything in a subject) stays as it is, and
 * nothing is escaped, since the result is plain text and whoever displays it must treat
 * it so.
 */
final class Placeholders {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.]+)\\s*}}");

	private static final Map<String, Function<Ticket, @Nullable Object>> VALUES = new LinkedHashMap<>();

	static {
		VALUES.put("ticket.id", Ticket::id);
		VALUES.put("ticket.number", Ticket::number);
		VALUES.put("ticket.subject", Ticket::subject);
		VALUES.put("ticket.description", Ticket::description);
		VALUES.put("ticket.status", (ticket) -> ticket.status().value());
		VALUES.put("ticket.priority", (ticket) -> ticket.priority().value());
		VALUES.put("ticket.type", (ticket) -> ticket.type().value());
		VALUES.put("ticket.channel", Ticket::channel);
		VALUES.put("ticket.tags", (ticket) -> String.join(" ", ticket.tags()));
		VALUES.put("ticket.requester_id", Ticket::requesterId);
		VALUES.put("ticket.assignee_id", Ticket::assigneeId);
		VALUES.put("ticket.group_id", Ticket::groupId);
	}

	private Placeholders() {
	}

	/**
	 * @return why {@code template} cannot be rendered (it names unknown placeholders), or
	 * {@code null} when it can
	 */
	static @Nullable String problemWith(String template) {
		TreeSet<String> unknown = new TreeSet<>();
		Matcher matcher = PLACEHOLDER.matcher(template);
		while (matcher.find()) {
			if (!VALUES.containsKey(matcher.group(1))) {
				unknown.add(matcher.group(1));
			}
		}
		return unknown.isEmpty() ? null : "unknown placeholder " + unknown + "; known: " + List.copyOf(VALUES.keySet());
	}

	static String render(String template, Ticket ticket) {
		return PLACEHOLDER.matcher(template).replaceAll((match) -> {
			Function<Ticket, @Nullable Object> value = VALUES.get(match.group(1));
			String text = (value != null) ? Objects.toString(value.apply(ticket), "") : match.group();
			return Matcher.quoteReplacement(text);
		});
	}

}
