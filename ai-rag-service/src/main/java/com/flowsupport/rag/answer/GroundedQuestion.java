package com.flowsupport.rag.answer;

import java.util.List;

import org.jspecify.annotations.Nullable;

import com.flowsupport.rag.peer.KnowledgeBase.Passage;

/**
 * What a generator answers from.
 *
 * @param history the conversation so far, oldest first (empty outside conversations)
 * @param passages the retrieved passages, best first
 * @param tone the tenant's tone and brand instructions, if any
 */
public record GroundedQuestion(String question, List<Turn> history, List<Passage> passages, @Nullable String tone,
		@Nullable String locale) {

	/** One message of a conversation: {@code customer} or {@code assistant}. */
	public record Turn(String role, String text) {
	}

}
