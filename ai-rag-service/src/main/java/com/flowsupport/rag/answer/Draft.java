package com.flowsupport.rag.answer;

import java.util.List;

/**
 * A generator's answer before it is recorded.
 *
 * @param declined the generator found no answer in the passages
 */
public record Draft(String text, List<Citation> citations, boolean declined) {

	public static Draft decline() {
		return new Draft("", List.of(), true);
	}

}
