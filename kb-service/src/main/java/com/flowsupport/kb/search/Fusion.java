package com.flowsupport.kb.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns the legs' rankings into one. Reciprocal rank fusion adds {@code w / (k + rank)}
 * over the legs that found an item, so agreement between legs wins and no leg's score
 * scale matters; score fusion adds each leg's score scaled to its best candidate, which
 * keeps how much better one item scored than the next. Score fusion also counts an
 * article's further passages close in meaning to the question (the vector leg), each less
 * than the one before ({@link SearchProperties#furtherPassageWeight()}): an article that
 * speaks to a question in several places is more likely the one about it than an article
 * that touches it once. (Counting further lexical matches measured worse: a word repeated
 * across an article says less than a meaning does.)
 */
public enum Fusion {

	RRF, SCORE;

	/**
	 * Fuses per key: a chunk, or an article (ranked in each leg by its best chunk).
	 * @return keys with their fused score and per-leg evidence, best first
	 */
	<K> List<Fused<K>> fuse(Map<Leg, List<Hit<K>>> legs, SearchProperties properties) {
		Map<K, Fused<K>> fused = new LinkedHashMap<>();
		legs.forEach((leg, hits) -> {
			double best = hits.isEmpty() ? 1 : Math.max(hits.get(0).score(), 1e-9);
			double worst = hits.isEmpty() ? 0 : hits.get(hits.size() - 1).score();
			for (int i = 0; i < hits.size(); i++) {
				Hit<K> hit = hits.get(i);
				int rank = i + 1;
				double contribution = switch (this) {
					case RRF -> properties.weight(leg) / (properties.rrfK() + rank);
					case SCORE -> properties.weight(leg) * (normalised(leg, hit.score(), best, worst)
							+ further(leg, hit.further(), best, worst, properties.furtherPassageWeight()));
				};
				Fused<K> item = fused.computeIfAbsent(hit.key(), (key) -> new Fused<>(key));
				item.score += contribution;
				item.evidence.put(leg, new Evidence(rank, hit.score()));
			}
		});
		List<Fused<K>> ranked = new ArrayList<>(fused.values());
		ranked.sort(Comparator.comparingDouble((Fused<K> item) -> -item.score));
		return ranked;
	}

	/**
	 * Text ranks are relative to the best match; cosine similarities are spread over the
	 * candidates' range, since even unrelated text scores well above zero.
	 */
	private static double normalised(Leg leg, double score, double best, double worst) {
		if (leg == Leg.VECTOR) {
			return (best - worst < 1e-9) ? 1 : (score - worst) / (best - worst);
		}
		return score / best;
	}

	/** The further passages' share: the i-th after the best counts {@code weight^i}. */
	private static double further(Leg leg, List<Double> scores, double best, double worst, double weight) {
		if (leg != Leg.VECTOR) {
			return 0;
		}
		double sum = 0;
		double share = 1;
		for (double score : scores) {
			share *= weight;
			sum += share * Math.max(0, normalised(leg, score, best, worst));
		}
		return sum;
	}

	/**
	 * Chunks ranked as articles: each article where its first (best) chunk of the leg
	 * came, with the scores of up to {@code furtherMax} more of its chunks.
	 */
	static <K> List<Hit<K>> perKey(List<Hit<UUID>> chunkHits, Map<UUID, K> keyOfChunk, int furtherMax) {
		Map<K, Hit<UUID>> best = new LinkedHashMap<>();
		Map<K, List<Double>> further = new HashMap<>();
		for (Hit<UUID> hit : chunkHits) {
			K key = keyOfChunk.get(hit.key());
			if (best.putIfAbsent(key, hit) != null) {
				List<Double> more = further.computeIfAbsent(key, (k) -> new ArrayList<>());
				if (more.size() < furtherMax) {
					more.add(hit.score());
				}
			}
		}
		List<Hit<K>> hits = new ArrayList<>(best.size());
		best.forEach((key, hit) -> hits.add(new Hit<>(key, hit.score(), further.getOrDefault(key, List.of()))));
		return hits;
	}

	/**
	 * One leg's candidate, in the leg's order.
	 *
	 * @param further scores of the key's further chunks in the leg, best first (articles)
	 */
	record Hit<K>(K key, double score, List<Double> further) {

		Hit(K key, double score) {
			this(key, score, List.of());
		}

	}

	/** Where a leg ranked an item (1 = its best) and with what score. */
	public record Evidence(int rank, double score) {
	}

	static final class Fused<K> {

		final K key;

		double score;

		final Map<Leg, Evidence> evidence = new EnumMap<>(Leg.class);

		Fused(K key) {
			this.key = key;
		}

	}

	static <K> Map<K, Fused<K>> byKey(List<Fused<K>> fused) {
		Map<K, Fused<K>> map = new HashMap<>();
		fused.forEach((item) -> map.put(item.key, item));
		return map;
	}

}
