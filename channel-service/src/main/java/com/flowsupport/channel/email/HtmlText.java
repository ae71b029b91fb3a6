package com.flowsupport.channel.email;

import java.util.regex.Pattern;

import org.springframework.web.util.HtmlUtils;

/**
 * The text of an HTML-only email: quoted blocks (blockquote, Gmail's and Outlook's quote
 * containers) dropped, block ends as line breaks, tags removed, entities decoded.
 */
final class HtmlText {

	private static final Pattern DROPPED = Pattern.compile(
			"(?is)<(head|style|script|blockquote)\\b.*?</\\1\\s*>|<div[^>]*class=\"?gmail_quote[^>]*>.*$|<div[^>]*id=\"?divRplyFwdMsg.*$");

	private static final Pattern BREAKS = Pattern.compile("(?i)<br\\s*/?>|</(p|div|li|tr|h[1-6])\\s*>");

	private static final Pattern TAGS = Pattern.compile("(?s)<[^>]*>");

	private HtmlText() {
	}

	static String toText(String html) {
		String text = DROPPED.matcher(html).replaceAll("");
		text = BREAKS.matcher(text).replaceAll("\n");
		text = TAGS.matcher(text).replaceAll("");
		text = HtmlUtils.htmlUnescape(text);
		return text.replaceAll("[ \\t\\x0B\\f]+\\n", "\n").replaceAll("\\n{3,}", "\n\n").strip();
	}

}
