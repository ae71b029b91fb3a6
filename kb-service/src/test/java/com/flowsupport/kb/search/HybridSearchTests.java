package com.flowsupport.kb.search;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.flowsupport.kb.search.HybridSearch.Term;

import static org.assertj.core.api.Assertions.assertThat;

class HybridSearchTests {

	static Term term(String lexeme, double df) {
		return new Term(lexeme, df, 1, true, false);
	}

	@Test
	void theRarestWordsChooseTheCandidatesWhileTheirChunksFit() {
		List<Term> terms = List.of(term("vacuum", 120), term("bloat", 300), term("tabl", 2_000), term("use", 5_000));
		assertThat(HybridSearch.choosing(terms, 500)).extracting(Term::lexeme).containsExactly("vacuum", "bloat");
		assertThat(HybridSearch.choosing(terms, 400)).extracting(Term::lexeme).containsExactly("vacuum");
	}

	@Test
	void theRarestWordChoosesAloneWhenEvenItsChunksDoNotFit() {
		assertThat(HybridSearch.choosing(List.of(term("tabl", 2_000), term("use", 5_000)), 500))
			.extracting(Term::lexeme)
			.containsExactly("tabl");
		assertThat(HybridSearch.choosing(List.of(), 500)).isEmpty();
	}

	@Test
	void wordsBecomeAQueryMatchingAnyOfThem() {
		assertThat(HybridSearch.anyOf(List.of("passwords", "o'brien"))).isEqualTo("'passwords' | 'o''brien'");
	}

}
