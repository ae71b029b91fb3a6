package com.flowsupport.rag.answer;

/**
 * Composes an answer from retrieved passages. Implementations cite only the passages they
 * were given and decline when those do not answer the question.
 */
public interface Generator {

	/** {@code extractive} or {@code llm}: recorded with each answer. */
	String name();

	Draft draft(GroundedQuestion question);

	/**
	 * Like {@link #draft}, handing the text to {@code tokens} piece by piece as it is
	 * produced; the draft returned is the checked whole, which may differ from the pieces
	 * where the check removed something.
	 */
	default Draft stream(GroundedQuestion question, java.util.function.Consumer<String> tokens) {
		Draft draft = draft(question);
		if (!draft.declined()) {
			tokens.accept(draft.text());
		}
		return draft;
	}

}
