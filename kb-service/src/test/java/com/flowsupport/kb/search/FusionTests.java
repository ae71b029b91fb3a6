package com.flowsupport.kb.search;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FusionTests {

	static final SearchProperties PROPERTIES = new SearchProperties(Fusion.RRF, 40, 40, 500, 60, 1.0, 0.5, 1.0, 0.3, 2,
			3, 100, 100, 40, 0.35, URI.create("http://localhost:8080"));

	@Test
	void reciprocalRankFusionRewardsAgreementBetweenLegs() {
		Map<Leg, List<Fusion.Hit<String>>> legs = Map.of(Leg.TEXT,
				List.of(new Fusion.Hit<>("a", 0.9), new Fusion.Hit<>("b", 0.5)), Leg.VECTOR,
				List.of(new Fusion.Hit<>("c", 0.8), new Fusion.Hit<>("b", 0.79)));
		List<Fusion.Fused<String>> fused = Fusion.RRF.fuse(legs, PROPERTIES);
		assertThat(fused.get(0).key).as("second in both beats first in one").isEqualTo("b");
		assertThat(fused.get(0).evidence.get(Leg.TEXT)).isEqualTo(new Fusion.Evidence(2, 0.5));
		assertThat(fused.get(0).evidence.get(Leg.VECTOR)).isEqualTo(new Fusion.Evidence(2, 0.79));
	}

	@Test
	void scoreFusionKeepsHowFarAheadAnItemScored() {
		Map<Leg, List<Fusion.Hit<String>>> legs = Map.of(Leg.TEXT,
				List.of(new Fusion.Hit<>("a", 1.0), new Fusion.Hit<>("b", 0.1)), Leg.VECTOR,
				List.of(new Fusion.Hit<>("b", 0.80), new Fusion.Hit<>("a", 0.79), new Fusion.Hit<>("c", 0.40)));
		assertThat(Fusion.SCORE.fuse(legs, PROPERTIES).get(0).key).isEqualTo("a");
	}

	@Test
	void scoreFusionCountsAnArticlesFurtherPassagesLess() {
		// "b" is second by its best passage but has two more close behind it.
		Map<Leg, List<Fusion.Hit<String>>> legs = Map.of(Leg.VECTOR, List.of(new Fusion.Hit<>("a", 0.80),
				new Fusion.Hit<>("b", 0.78, List.of(0.77, 0.76)), new Fusion.Hit<>("c", 0.60)));
		assertThat(Fusion.SCORE.fuse(legs, PROPERTIES).stream().map((item) -> item.key)).containsExactly("b", "a", "c");
		SearchProperties bestOnly = new SearchProperties(Fusion.SCORE, 40, 40, 500, 60, 1.0, 0.5, 1.0, 0, 2, 3, 100,
				100, 40, 0.35, URI.create("http://localhost:8080"));
		assertThat(Fusion.SCORE.fuse(legs, bestOnly).stream().map((item) -> item.key)).containsExactly("a", "b", "c");
	}

	@Test
	void articlesRankInALegByTheirBestChunkWithTheirFurtherChunks() {
		List<Fusion.Hit<String>> articles = Fusion.perKey(
				List.of(new Fusion.Hit<>(UUID.fromString("00000000-0000-0000-0000-000000000001"), 0.9),
						new Fusion.Hit<>(UUID.fromString("00000000-0000-0000-0000-000000000002"), 0.8),
						new Fusion.Hit<>(UUID.fromString("00000000-0000-0000-0000-000000000003"), 0.7)),
				Map.of(UUID.fromString("00000000-0000-0000-0000-000000000001"), "x",
						UUID.fromString("00000000-0000-0000-0000-000000000002"), "y",
						UUID.fromString("00000000-0000-0000-0000-000000000003"), "x"),
				2);
		assertThat(articles).containsExactly(new Fusion.Hit<>("x", 0.9, List.of(0.7)), new Fusion.Hit<>("y", 0.8));
	}

}
