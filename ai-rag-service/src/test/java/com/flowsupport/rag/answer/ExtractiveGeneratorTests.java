package com.flowsupport.rag.answer;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.flowsupport.rag.peer.KnowledgeBase.Leg;
import com.flowsupport.rag.peer.KnowledgeBase.Legs;
import com.flowsupport.rag.peer.KnowledgeBase.Passage;

import static org.assertj.core.api.Assertions.assertThat;

class ExtractiveGeneratorTests {

	static final UUID BACKUP = UUID.randomUUID();

	static final UUID VACUUM = UUID.randomUUID();

	static Passage passage(UUID article, String title, String text, double cosine, boolean lexical) {
		return new Passage(UUID.randomUUID(), article, title, List.of(title), text, "https://help.test/" + article,
				"en", "public", 0.03, new Legs(lexical ? new Leg(1, 0.4) : null, null, new Leg(1, cosine)));
	}

	@Test
	void composesTheAnswerFromTheSentencesThatMatchTheQuestion() {
		Passage backup = passage(BACKUP, "SQL Dump",
				"The idea behind this dump method is to generate a file with SQL commands. "
						+ "PostgreSQL provides the utility program pg_dump for this purpose. "
						+ "Dumps can be restored with psql or pg_restore. Unrelated trivia about the weather follows.",
				0.8, true);
		Passage vacuum = passage(VACUUM, "Routine Vacuuming", "VACUUM reclaims storage occupied by dead tuples.", 0.7,
				true);
		Draft draft = new ExtractiveGenerator().draft(new GroundedQuestion(
				"How do I dump a database to a file and restore it?", List.of(), List.of(backup, vacuum), null, "en"));
		assertThat(draft.declined()).isFalse();
		assertThat(draft.text()).contains("generate a file").contains("restored").doesNotContain("weather");
		assertThat(draft.citations()).extracting(Citation::articleId).containsExactly(BACKUP);
		assertThat(draft.citations().get(0).quote()).contains("restored");
	}

	@Test
	void confidenceFollowsCoverageSimilarityAndAgreement() {
		Passage onTopic = passage(BACKUP, "SQL Dump", "Use pg_dump to dump a database into a file.", 0.82, true);
		Passage offTopic = passage(VACUUM, "Routine Vacuuming", "VACUUM reclaims storage.", 0.62, false);
		double supported = Grounding.of("dump database to file", List.of(onTopic)).confidence();
		double unsupported = Grounding.of("how do I pay my invoice with paypal", List.of(offTopic)).confidence();
		assertThat(supported).isGreaterThan(0.8);
		assertThat(unsupported).isLessThan(0.2);
	}

	@Test
	void toleratesTyposInTheQuestion() {
		Passage passage = passage(VACUUM, "VACUUM", "VACUUM FULL rewrites the entire table.", 0.75, true);
		Grounding grounding = Grounding.of("vacum full", List.of(passage));
		assertThat(grounding.unknownTerms()).isEmpty();
		assertThat(grounding.articles().get(0).coverage()).isEqualTo(1.0);
	}

	@Test
	void stemsInflectionsTogether() {
		assertThat(Terms.stem("backups")).isEqualTo(Terms.stem("backup"));
		assertThat(Terms.stem("restoring")).isEqualTo(Terms.stem("restore"));
		assertThat(Terms.stem("connections")).isEqualTo(Terms.stem("connection"));
		assertThat(Terms.of("How do I get my password?")).containsExactly(Terms.stem("password"));
	}

}
