package com.flowsupport.rag.answer;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * What ai-rag-service says to a question.
 *
 * @param id the answer's id, for feedback
 * @param answer the text (Markdown); empty when abstained
 * @param citations the articles the answer rests on, the main one first
 * @param confidence from 0 to 1: how well the retrieved passages support an answer
 * @param abstained no answer is given; a human should take over
 * @param reason why it abstained: {@code no_passages}, {@code low_confidence},
 * {@code not_in_passages}, {@code ai_disabled}
 * @param generator which generator composed it: {@code extractive} or {@code llm}
 */
public record Answer(UUID id, String answer, List<Citation> citations, double confidence, boolean abstained,
		@Nullable String reason, String generator) {

	public static final String NO_PASSAGES = "no_passages";

	public static final String LOW_CONFIDENCE = "low_confidence";

	public static final String NOT_IN_PASSAGES = "not_in_passages";

}
