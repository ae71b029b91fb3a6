package com.flowsupport.kb.search;

import java.net.URI;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Hybrid search tuning.
 *
 * @param fusion how the legs' rankings become one: reciprocal rank fusion ({@code rrf})
 * or normalised score fusion ({@code score}); {@code make eval} measures both, and score
 * fusion with the vector leg weighted 3 times the lexical legs together ranks best on the
 * PostgreSQL manual (MRR@10 0.798 against 0.728 for RRF and 0.753 for the vector leg
 * alone when chosen, before the lexical legs were bounded; eval/kb/README.md has the
 * current figures)
 * @param candidates chunks each lexical leg contributes before fusion
 * @param vectorCandidates chunks the vector leg contributes before fusion: more than the
 * lexical legs, so that an article's further passages are found and the leg's scores are
 * spread over a range wide enough to tell close articles apart. 120 against 40: MRR@10
 * 0.816 → 0.825 on the evaluation questions and 0.760 → 0.793 on the second set, recall@1
 * 0.724 → 0.747 and 0.655 → 0.709; the gain levels off from 100 to 300
 * (eval/kb/README.md)
 * @param lexicalCandidates how many chunks the lexical legs rank at most, chosen by the
 * query's rarest words: what bounds their cost for a tenant with many chunks
 * @param rrfK the constant of reciprocal rank fusion (60 in the original paper)
 * @param textWeight weight of the full-text leg
 * @param typoWeight weight of the typo-tolerant leg (it repeats the full-text leg's
 * words, corrected, so the two lexical legs together weigh as much as the vector leg)
 * @param vectorWeight weight of the vector leg: customers describe problems in their own
 * words, which meaning matches far better than shared words do
 * @param furtherPassageWeight how much an article's further chunks close in meaning to
 * the query count in score fusion: the best counts fully, the next {@code w}, the one
 * after {@code w²}; 0 ranks articles by their best chunk alone. 0.5, re-chosen for the
 * bounded lexical legs, against 0.3 before: MRR@10 0.799 against 0.789 on the evaluation
 * questions and 0.760 against 0.751 on a second set written after them
 * (eval/kb/README.md)
 * @param furtherPassages how many further chunks of an article count at most
 * @param passagesPerArticle chunks of one article the retrieval API returns at most:
 * answers are grounded in the few best articles rather than in one long article's many
 * chunks
 * @param efSearch HNSW candidate list size for the largest graphs; with iterative scans
 * the index keeps searching until enough rows pass the tenant and audience filters. 600
 * rather than 400: in the index of its bucket (migration V4), it lifted ANN recall@10
 * from 0.95 to 0.99 for a tenant holding 25% of 100,000 chunks whose every text has 8
 * near-identical copies (bench/README.md, knowledge base)
 * @param efSearchMin HNSW candidate list size for small graphs: the list grows with the
 * graph the search walks (the tenant's bucket), from this size up to {@code efSearch}.
 * The walk's cost grows with the list (the vector leg took 8 ms at 600 against 4.5 at 200
 * for a tenant of 3,021 chunks in a bucket of 7,538), and a small graph is searched as
 * well with a short list: recall@10 1.000 at 200 for a tenant alone in a bucket of 3,021
 * chunks, 0.994 at 300 for one sharing a bucket of 9,063 (0.985 at 200), 0.998 at 400 for
 * one of 25,000 (bench/README.md, knowledge base, ninth and eleventh sessions)
 * @param chunksPerEfSearch chunks of the bucket per entry of the candidate list: 30 sizes
 * the list at 300 for a bucket of 9,000 chunks and at 600 from 18,000 on, and leaves
 * buckets of up to 6,000 at {@code efSearchMin}
 * @param typoSimilarity the least trigram similarity of a correction to a misspelt word
 * @param publicBaseUrl where clients reach the platform (the gateway): article links in
 * results start with it
 */
@Validated
@ConfigurationProperties("flowsupport.kb.search")
public record SearchProperties(@DefaultValue("score") Fusion fusion, @DefaultValue("40") @Min(5) int candidates,
		@DefaultValue("120") @Min(5) int vectorCandidates, @DefaultValue("500") @Min(10) int lexicalCandidates,
		@DefaultValue("60") @Min(1) int rrfK, @DefaultValue("0.6") double textWeight,
		@DefaultValue("0.4") double typoWeight, @DefaultValue("3.0") double vectorWeight,
		@DefaultValue("0.5") @DecimalMin("0.0") @DecimalMax("1.0") double furtherPassageWeight,
		@DefaultValue("2") @Min(0) int furtherPassages, @DefaultValue("3") @Min(1) int passagesPerArticle,
		@DefaultValue("600") @Min(10) @Max(1000) int efSearch, @DefaultValue("200") @Min(10) @Max(1000) int efSearchMin,
		@DefaultValue("30") @Min(1) int chunksPerEfSearch,
		@DefaultValue("0.35") @DecimalMin("0.1") @DecimalMax("1.0") double typoSimilarity,
		@DefaultValue("http://localhost:8080") URI publicBaseUrl) {

	public double weight(Leg leg) {
		return switch (leg) {
			case TEXT -> this.textWeight;
			case TYPO -> this.typoWeight;
			case VECTOR -> this.vectorWeight;
		};
	}

}
