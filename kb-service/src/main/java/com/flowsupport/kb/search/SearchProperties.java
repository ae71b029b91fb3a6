package com.flowsupport.kb.search;

import java.net.URI;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Hybrid search tuning.
 *
 * @param fusion how the legs' rankings become one: reciprocal rank fusion ({@code rrf})
 * or normalised score fusion ({@code score}); {@code make eval} measures both, and score
 * fusion with the vector leg weighted 3 times the lexical legs together ranked best on
 * the PostgreSQL manual (MRR@10 0.758 against 0.728 for RRF at the same weights and 0.753
 * for the vector leg alone; see bench/README.md)
 * @param candidates chunks each leg contributes before fusion
 * @param rrfK the constant of reciprocal rank fusion (60 in the original paper)
 * @param textWeight weight of the full-text leg
 * @param typoWeight weight of the typo-tolerant leg (it repeats the full-text leg's
 * words, corrected, so the two lexical legs together weigh as much as the vector leg)
 * @param vectorWeight weight of the vector leg: customers describe problems in their own
 * words, which meaning matches far better than shared words do
 * @param efSearch HNSW candidate list size; with iterative scans the index keeps
 * searching until enough rows pass the tenant and audience filters
 * @param typoSimilarity the least trigram similarity of a correction to a misspelt word
 * @param publicBaseUrl where clients reach the platform (the gateway): article links in
 * results start with it
 */
@Validated
@ConfigurationProperties("flowsupport.kb.search")
public record SearchProperties(@DefaultValue("score") Fusion fusion, @DefaultValue("40") @Min(5) int candidates,
		@DefaultValue("60") @Min(1) int rrfK, @DefaultValue("0.6") double textWeight,
		@DefaultValue("0.4") double typoWeight, @DefaultValue("3.0") double vectorWeight,
		@DefaultValue("100") @Min(10) int efSearch,
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
