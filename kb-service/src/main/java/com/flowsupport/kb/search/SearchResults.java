package com.flowsupport.kb.search;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Articles for a query, best first: {@code {"items": [...], "nextCursor": null, ...}}
 * (search answers one page).
 *
 * @param fusion how the legs were fused
 * @param corrections misspelt words of the query and the known words searched instead
 */
public record SearchResults(List<Item> items, @Nullable String nextCursor, String fusion,
		List<HybridSearch.Correction> corrections) {

	/**
	 * @param snippet the best chunk's text around the query's words, HTML-escaped,
	 * matches in {@code <mark>}
	 * @param headingPath the headings above the best chunk
	 * @param score the fused score (only its order means something)
	 * @param evidence what each leg made of the article: its rank and score there, or
	 * {@code null} where the leg did not find it
	 */
	public record Item(UUID articleId, String title, String slug, String locale, String visibility, String snippet,
			List<String> headingPath, double score, String url, Evidence evidence) {
	}

	public record Evidence(Fusion.@Nullable Evidence text, Fusion.@Nullable Evidence typo,
			Fusion.@Nullable Evidence vector) {
	}

	static Evidence evidence(Map<Leg, Fusion.Evidence> legs) {
		return new Evidence(legs.get(Leg.TEXT), legs.get(Leg.TYPO), legs.get(Leg.VECTOR));
	}

}
