package com.flowsupport.channel.email;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Keeps what the sender wrote now: cuts the quoted history mail clients append ("On ...
 * wrote:", Outlook's header block, "Original Message", lines quoted with {@code >}) and
 * the signature (after the "-- " delimiter, or a "Sent from my ..." line).
 */
final class QuotedText {

	private static final Pattern ATTRIBUTION = Pattern.compile(
			"^\\s*(On|Am|Le|El|Il|Op)\\s.+(wrote|schrieb|a écrit|escribió|ha scritto|schreef)\\s*:\\s*$",
			Pattern.CASE_INSENSITIVE);

	private static final Pattern ATTRIBUTION_START = Pattern.compile("^\\s*On\\s.+", Pattern.CASE_INSENSITIVE);

	private static final Pattern ATTRIBUTION_END = Pattern.compile(".*wrote\\s*:\\s*$", Pattern.CASE_INSENSITIVE);

	private static final Pattern ORIGINAL = Pattern.compile(
			"^\\s*-{2,}\\s*(Original Message|Forwarded message|Ursprüngliche Nachricht)\\s*-{2,}.*$",
			Pattern.CASE_INSENSITIVE);

	private static final Pattern OUTLOOK_RULE = Pattern.compile("^\\s*_{10,}\\s*$");

	private static final Pattern HEADER_FROM = Pattern.compile("^\\s*\\*?From:\\*?\\s.+", Pattern.CASE_INSENSITIVE);

	private static final Pattern HEADER_NEXT = Pattern.compile("^\\s*\\*?(Sent|Date|To|Subject):\\*?\\s.*",
			Pattern.CASE_INSENSITIVE);

	private static final Pattern SIGNATURE = Pattern.compile("^-- ?$");

	private static final Pattern MOBILE = Pattern.compile(
			"^\\s*(Sent from my .+|Get Outlook for .+|Sent from Mail for .+|Sent with .+ mobile.*)$",
			Pattern.CASE_INSENSITIVE);

	private QuotedText() {
	}

	static String strip(String text) {
		String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
		List<String> kept = new ArrayList<>();
		for (int i = 0; i < lines.length; i++) {
			String line = lines[i];
			if (ATTRIBUTION.matcher(line).matches() || ORIGINAL.matcher(line).matches()
					|| OUTLOOK_RULE.matcher(line).matches() || SIGNATURE.matcher(line).matches()
					|| MOBILE.matcher(line).matches()) {
				break;
			}
			// Gmail wraps a long attribution over two lines.
			if (ATTRIBUTION_START.matcher(line).matches() && i + 1 < lines.length
					&& ATTRIBUTION_END.matcher(lines[i + 1]).matches() && !ATTRIBUTION_END.matcher(line).matches()) {
				break;
			}
			if (HEADER_FROM.matcher(line).matches() && i + 1 < lines.length
					&& HEADER_NEXT.matcher(lines[i + 1]).matches()) {
				break;
			}
			kept.add(line);
		}
		// Quoted lines the sender answered below stay; a quoted tail goes.
		int end = kept.size();
		while (end > 0 && (kept.get(end - 1).isBlank() || kept.get(end - 1).startsWith(">"))) {
			end--;
		}
		String result = String.join("\n", kept.subList(0, end)).strip();
		return result.isEmpty() ? text.strip() : result;
	}

}
