package com.flowsupport.rag.answer;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.flowsupport.rag.answer.GroundedQuestion.Turn;

/**
 * The conversations answers may belong to (kept by the chat bot): a question asked with a
 * {@code conversationId} is read with the turns before it, and joins them.
 */
public interface ConversationMemory {

	/**
	 * The conversation's turns, oldest first; empty when the caller has no such one, a
	 * 409 problem when it went to a human (the bot no longer answers there).
	 */
	Optional<List<Turn>> turns(UUID conversationId);

	void remember(UUID conversationId, String question, Answer answer);

}
