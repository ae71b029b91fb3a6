package com.flowsupport.kb.indexing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.renderer.text.TextContentRenderer;

import com.flowsupport.kb.content.Markdown;

/**
 * Splits an article into chunks along its headings. Each heading opens a section that
 * keeps the path of headings above it ("Backups › Restoring"); a section longer than
 * {@code chunkWords} is cut at paragraph boundaries where it can be, into windows that
 * repeat the last {@code overlapWords} words of the one before. Text is plain (Markdown
 * rendered as text), as search reads it.
 */
final class Chunker {

	private static final TextContentRenderer TEXT = TextContentRenderer.builder().build();

	private final int chunkWords;

	private final int overlapWords;

	private final int maxChunks;

	Chunker(IndexingProperties properties) {
		this(properties.chunkWords(), properties.overlapWords(), properties.maxChunks());
	}

	Chunker(int chunkWords, int overlapWords, int maxChunks) {
		this.chunkWords = chunkWords;
		this.overlapWords = overlapWords;
		this.maxChunks = maxChunks;
	}

	List<Piece> split(String markdown) {
		List<Piece> pieces = new ArrayList<>();
		String[] path = new String[6];
		List<String> paragraphs = new ArrayList<>();
		List<String> sectionPath = List.of();
		for (Node node = Markdown.parse(markdown).getFirstChild(); node != null; node = node.getNext()) {
			if (node instanceof Heading heading) {
				emit(sectionPath, paragraphs, pieces);
				paragraphs = new ArrayList<>();
				int level = Math.min(heading.getLevel(), 6) - 1;
				path[level] = TEXT.render(heading).strip();
				Arrays.fill(path, level + 1, path.length, null);
				sectionPath = Arrays.stream(path).filter((part) -> part != null && !part.isEmpty()).toList();
			}
			else {
				String text = TEXT.render(node).strip();
				if (!text.isEmpty()) {
					paragraphs.add(text);
				}
			}
		}
		emit(sectionPath, paragraphs, pieces);
		if (pieces.isEmpty()) {
			// An article without text is still found by its title.
			pieces.add(new Piece(List.of(), ""));
		}
		return (pieces.size() > this.maxChunks) ? List.copyOf(pieces.subList(0, this.maxChunks)) : pieces;
	}

	private void emit(List<String> headingPath, List<String> paragraphs, List<Piece> pieces) {
		List<String> units = new ArrayList<>();
		for (String paragraph : paragraphs) {
			String[] words = paragraph.split("\\s+");
			for (int start = 0; start < words.length; start += this.chunkWords) {
				units.add(String.join(" ",
						Arrays.copyOfRange(words, start, Math.min(words.length, start + this.chunkWords))));
			}
		}
		List<String> window = new ArrayList<>();
		int words = 0;
		for (String unit : units) {
			int count = count(unit);
			if (words > 0 && words + count > this.chunkWords) {
				String text = String.join("\n\n", window);
				pieces.add(new Piece(headingPath, text));
				String overlap = tail(text);
				window = overlap.isEmpty() ? new ArrayList<>() : new ArrayList<>(List.of(overlap));
				words = count(overlap);
			}
			window.add(unit);
			words += count;
		}
		if (!units.isEmpty()) {
			pieces.add(new Piece(headingPath, String.join("\n\n", window)));
		}
	}

	private static int count(String text) {
		return text.isBlank() ? 0 : text.strip().split("\\s+").length;
	}

	private String tail(String text) {
		if (this.overlapWords == 0) {
			return "";
		}
		String[] words = text.strip().split("\\s+");
		return String.join(" ", Arrays.copyOfRange(words, Math.max(0, words.length - this.overlapWords), words.length));
	}

	/**
	 * @param headingPath the headings above the text, outermost first
	 * @param text plain text
	 */
	record Piece(List<String> headingPath, String text) {
	}

}
