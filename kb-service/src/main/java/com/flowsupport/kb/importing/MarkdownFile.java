package com.flowsupport.kb.importing;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Markdown file as an article: optional front matter between {@code ---} lines
 * ({@code key: value}, tags as {@code [a, b]} or {@code a, b}) gives its fields; the
 * title is the front matter's, else the first {@code # } heading (taken out of the body),
 * else the file name; the slug defaults to the file name. Unknown keys reach the
 * article's validation and are reported like any unknown field.
 */
final class MarkdownFile {

	private static final Set<String> LISTS = Set.of("tags");

	private MarkdownFile() {
	}

	static ObjectNode parse(String path, String text, JsonMapper json) {
		ObjectNode article = json.createObjectNode();
		String body = text.replace("\r\n", "\n");
		if (body.startsWith("---\n")) {
			int end = body.indexOf("\n---", 4);
			if (end > 0) {
				for (String line : body.substring(4, end).split("\n")) {
					int colon = line.indexOf(':');
					if (line.isBlank() || colon <= 0) {
						continue;
					}
					String key = line.substring(0, colon).strip();
					String value = unquote(line.substring(colon + 1).strip());
					if (LISTS.contains(key)) {
						ArrayNode values = article.putArray(key);
						String list = value.startsWith("[") && value.endsWith("]")
								? value.substring(1, value.length() - 1) : value;
						for (String item : list.split(",")) {
							if (!item.isBlank()) {
								values.add(unquote(item.strip()));
							}
						}
					}
					else {
						article.put(key, value);
					}
				}
				int next = body.indexOf('\n', end + 4);
				body = (next < 0) ? "" : body.substring(next + 1);
			}
		}
		if (!article.has("title")) {
			List<String> lines = body.lines().toList();
			String first = lines.stream().filter((line) -> !line.isBlank()).findFirst().orElse("");
			if (first.startsWith("# ")) {
				article.put("title", first.substring(2).strip());
				body = body.substring(body.indexOf(first) + first.length()).stripLeading();
			}
			else {
				article.put("title", stem(path));
			}
		}
		if (!article.has("slug")) {
			article.put("slug",
					stem(path).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", ""));
		}
		article.put("body", body);
		return article;
	}

	private static String stem(String path) {
		String name = path.substring(path.lastIndexOf('/') + 1);
		int dot = name.lastIndexOf('.');
		return (dot > 0) ? name.substring(0, dot) : name;
	}

	private static String unquote(String value) {
		if (value.length() >= 2
				&& (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
			return value.substring(1, value.length() - 1);
		}
		return value;
	}

}
