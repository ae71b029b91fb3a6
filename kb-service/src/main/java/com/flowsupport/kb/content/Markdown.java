package com.flowsupport.kb.content;

import java.util.List;
import java.util.regex.Pattern;

import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;
import org.owasp.html.Sanitizers;

/**
 * Article bodies are Markdown, which may embed HTML. They are rendered with CommonMark
 * (tables as on GitHub) and the HTML is then sanitised with an allow-list (OWASP Java
 * HTML Sanitizer): formatting, blocks, tables, images and links survive; scripts, styles,
 * event handlers, frames and any URL scheme but http, https and mailto do not. Sanitising
 * the output, not the input, is what makes raw HTML in Markdown safe however it is
 * written.
 */
public final class Markdown {

	private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());

	private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();

	private static final HtmlRenderer RENDERER = HtmlRenderer.builder()
		.extensions(EXTENSIONS)
		.sanitizeUrls(true)
		.build();

	private static final PolicyFactory POLICY = Sanitizers.FORMATTING.and(Sanitizers.BLOCKS)
		.and(Sanitizers.TABLES)
		.and(Sanitizers.LINKS)
		.and(Sanitizers.IMAGES)
		.and(new HtmlPolicyBuilder().allowElements("pre", "code", "hr", "del", "s", "sup", "sub", "kbd", "br")
			.allowAttributes("class")
			.matching(Pattern.compile("language-[A-Za-z0-9_+-]{1,40}"))
			.onElements("code")
			.toFactory());

	private Markdown() {
	}

	public static Node parse(String markdown) {
		return PARSER.parse(markdown);
	}

	/** The body as HTML that is safe to show in any page. */
	public static String toSafeHtml(String markdown) {
		return POLICY.sanitize(RENDERER.render(parse(markdown)));
	}

}
