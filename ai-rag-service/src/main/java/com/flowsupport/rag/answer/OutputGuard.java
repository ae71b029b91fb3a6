package com.flowsupport.rag.answer;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes generated Markdown safe to show a customer: no images (a remote image is a
 * tracking pixel or worse), no HTML, and links only to allow-listed hosts — any other
 * link keeps its text and loses its target, and bare addresses elsewhere are removed.
 */
final class OutputGuard {

	private static final Pattern IMAGE = Pattern.compile("!\\[([^\\]]*)\\]\\(([^)]*)\\)");

	private static final Pattern REFERENCE_IMAGE = Pattern.compile("!\\[([^\\]]*)\\]\\[[^\\]]*\\]");

	private static final Pattern LINK = Pattern
		.compile("\\[([^\\]]*)\\]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");

	private static final Pattern REFERENCE_DEFINITION = Pattern.compile("(?m)^\\s*\\[[^\\]]+\\]:\\s*\\S+.*$");

	private static final Pattern AUTOLINK = Pattern.compile("<((?:https?|ftp|mailto|javascript|data):[^>]*)>",
			Pattern.CASE_INSENSITIVE);

	private static final Pattern BARE_URL = Pattern.compile("(?<![\\(\\w])(?:https?://|www\\.)[^\\s<>()\\]]+",
			Pattern.CASE_INSENSITIVE);

	private static final Pattern HTML = Pattern.compile("</?[a-zA-Z][^>]*>|<!--.*?-->", Pattern.DOTALL);

	private OutputGuard() {
	}

	static String clean(String markdown, Set<String> allowedHosts) {
		String text = IMAGE.matcher(markdown).replaceAll("");
		text = REFERENCE_IMAGE.matcher(text).replaceAll("");
		text = REFERENCE_DEFINITION.matcher(text).replaceAll("");
		text = HTML.matcher(text).replaceAll("");
		text = replace(AUTOLINK, text, (m) -> allowed(m.group(1), allowedHosts) ? m.group() : "");
		text = replace(LINK, text, (m) -> allowed(m.group(2), allowedHosts) ? m.group() : m.group(1));
		text = replace(BARE_URL, text, (m) -> allowed(m.group(), allowedHosts) ? m.group() : "");
		return text.replaceAll("[ \\t]{2,}", " ").strip();
	}

	/** Only http(s) to a listed host; relative links, other schemes and hosts are not. */
	static boolean allowed(String target, Set<String> hosts) {
		try {
			URI uri = URI.create(target.strip());
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
			return (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null
					&& hosts.contains(uri.getHost().toLowerCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static String replace(Pattern pattern, String text, java.util.function.Function<Matcher, String> with) {
		Matcher matcher = pattern.matcher(text);
		StringBuilder out = new StringBuilder();
		while (matcher.find()) {
			matcher.appendReplacement(out, Matcher.quoteReplacement(with.apply(matcher)));
		}
		matcher.appendTail(out);
		return out.toString();
	}

}
