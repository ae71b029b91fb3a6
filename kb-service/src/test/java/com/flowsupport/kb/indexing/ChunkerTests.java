package com.flowsupport.kb.indexing;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChunkerTests {

	@Test
	void eachSectionKeepsThePathOfHeadingsAboveIt() {
		List<Chunker.Piece> pieces = new Chunker(200, 40, 100).split("""
				Before any heading.

				# Install
				## On Linux
				Use the package.

				## On macOS
				Use the *installer*.

				# Uninstall
				Remove it.
				""");
		assertThat(pieces).containsExactly(new Chunker.Piece(List.of(), "Before any heading."),
				new Chunker.Piece(List.of("Install", "On Linux"), "Use the package."),
				new Chunker.Piece(List.of("Install", "On macOS"), "Use the installer."),
				new Chunker.Piece(List.of("Uninstall"), "Remove it."));
	}

	@Test
	void longSectionsAreCutIntoOverlappingWindows() {
		String paragraph = IntStream.range(0, 50).mapToObj((i) -> "w" + i).collect(Collectors.joining(" "));
		List<Chunker.Piece> pieces = new Chunker(20, 5, 100).split("## Long\n" + paragraph);
		assertThat(pieces).hasSizeGreaterThan(2);
		assertThat(pieces.get(0).text()).startsWith("w0 ").endsWith(" w19");
		assertThat(pieces.get(1).text()).as("repeats the last words before").startsWith("w15 w16 w17 w18 w19");
		assertThat(pieces).allSatisfy((piece) -> assertThat(piece.headingPath()).containsExactly("Long"));
		assertThat(pieces.getLast().text()).endsWith("w49");
	}

	@Test
	void anArticleWithoutTextIsStillOneChunk() {
		assertThat(new Chunker(200, 40, 100).split("")).containsExactly(new Chunker.Piece(List.of(), ""));
	}

}
