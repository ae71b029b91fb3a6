package com.flowsupport.kb.search;

import java.util.Locale;

/** The three ways a chunk can match a query. */
public enum Leg {

	/** Full text: the query's words, stemmed in the query's language, any of them. */
	TEXT,
	/**
	 * Typo tolerant: misspelt words replaced by their nearest known words (trigram
	 * similarity within a small edit distance), then matched as full text.
	 */
	TYPO,
	/** Meaning: cosine similarity of the query's embedding to the chunk's (HNSW). */
	VECTOR;

	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

}
