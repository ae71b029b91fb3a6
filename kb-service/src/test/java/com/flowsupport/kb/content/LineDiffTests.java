package com.flowsupport.kb.content;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LineDiffTests {

	@Test
	void marksKeptRemovedAndAddedLinesInOrder() {
		assertThat(LineDiff.unified(LineDiff.of("a\nb\nc", "a\nc\nd"))).isEqualTo(" a\n-b\n c\n+d\n");
		assertThat(LineDiff.unified(LineDiff.of("", "new"))).isEqualTo("+new\n");
	}

}
