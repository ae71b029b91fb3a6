package com.flowsupport.kb.search;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.flowsupport.kb.search.HybridSearch.Correction;

import static org.assertj.core.api.Assertions.assertThat;

class SearchServiceTests {

	@Test
	void theModelReadsTheQueryWithEachMisspeltWordAsItsNearestKnownWord() {
		List<Correction> corrected = List.of(new Correction("dupm", "dump"), new Correction("dupm", "dumps"),
				new Correction("resore", "restore"), new Correction("sorry", "sort"));
		assertThat(SearchService.corrected("Sorry, pg_dupm and Resore: dupm?", corrected))
			.as("a word two slips from the nearest known one is left as written")
			.isEqualTo("Sorry, pg_dump and restore: dump?");
	}

	@Test
	void oneSlipIsALetterMissingAddedOrWrongOrTwoLettersSwapped() {
		assertThat(SearchService.oneSlipApart("vacum", "vacuum")).isTrue();
		assertThat(SearchService.oneSlipApart("autovaccum", "autovacuum")).isTrue();
		assertThat(SearchService.oneSlipApart("indx", "index")).isTrue();
		assertThat(SearchService.oneSlipApart("colums", "columns")).isTrue();
		assertThat(SearchService.oneSlipApart("certificat", "certificate")).isTrue();
		assertThat(SearchService.oneSlipApart("stremaing", "streaming")).isTrue();
		assertThat(SearchService.oneSlipApart("securty", "security")).isTrue();
		assertThat(SearchService.oneSlipApart("upgarde", "upgrade")).isTrue();
		assertThat(SearchService.oneSlipApart("jsbon", "jsonb")).isFalse();
		assertThat(SearchService.oneSlipApart("sorry", "sort")).isFalse();
		assertThat(SearchService.oneSlipApart("same", "same")).isFalse();
		assertThat(SearchService.oneSlipApart("abc", "abd")).isTrue();
	}

	@Test
	void onlyWholeWordsAreReplaced() {
		assertThat(SearchService.corrected("vacum vacums avacum", List.of(new Correction("vacum", "vacuum"))))
			.isEqualTo("vacuum vacums avacum");
		assertThat(SearchService.corrected("ab.c abxc", List.of(new Correction("ab.c", "ab$c"))))
			.isEqualTo("ab$c abxc");
	}

}
