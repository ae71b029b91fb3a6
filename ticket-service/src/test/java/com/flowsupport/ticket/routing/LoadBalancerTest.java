package com.flowsupport.ticket.routing;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoadBalancerTest {

	private final UUID ana = UUID.fromString("00000000-0000-0000-0000-00000000000a");

	private final UUID ben = UUID.fromString("00000000-0000-0000-0000-00000000000b");

	private final UUID cleo = UUID.fromString("00000000-0000-0000-0000-00000000000c");

	private final Instant nine = Instant.parse("2026-11-22T09:00:00Z");

	private final Instant ten = Instant.parse("2026-11-22T10:00:00Z");

	@Test
	void theLeastLoadedMemberGetsTheTicket() {
		assertThat(LoadBalancer.choose(List.of(this.ana, this.ben, this.cleo),
				Map.of(this.ana, 3L, this.ben, 1L, this.cleo, 2L), Map.of()))
			.contains(this.ben);
	}

	@Test
	void aMemberWithoutOpenTicketsHasNoLoad() {
		assertThat(LoadBalancer.choose(List.of(this.ana, this.ben), Map.of(this.ana, 1L), Map.of())).contains(this.ben);
	}

	@Test
	void amongEquallyLoadedTheOneAssignedLeastRecentlyGoesFirst() {
		Map<UUID, Long> even = Map.of(this.ana, 2L, this.ben, 2L, this.cleo, 2L);
		assertThat(LoadBalancer.choose(List.of(this.ana, this.ben, this.cleo), even,
				Map.of(this.ana, this.ten, this.ben, this.nine, this.cleo, this.ten)))
			.contains(this.ben);
		assertThat(LoadBalancer.choose(List.of(this.ana, this.ben, this.cleo), even,
				Map.of(this.ana, this.nine, this.ben, this.ten)))
			.as("never assigned counts as longest ago")
			.contains(this.cleo);
	}

	@Test
	void theChoiceDoesNotDependOnTheOrderOfCandidates() {
		Map<UUID, Long> even = Map.of(this.ana, 1L, this.ben, 1L);
		assertThat(LoadBalancer.choose(List.of(this.ben, this.ana), even, Map.of())).contains(this.ana);
		assertThat(LoadBalancer.choose(List.of(this.ana, this.ben), even, Map.of())).contains(this.ana);
	}

	@Test
	void nobodyToChooseFromChoosesNobody() {
		assertThat(LoadBalancer.choose(List.of(), Map.of(), Map.of())).isEmpty();
	}

	@Test
	void loadWinsOverRecency() {
		assertThat(LoadBalancer.choose(List.of(this.ana, this.ben), Map.of(this.ana, 1L, this.ben, 0L),
				Map.of(this.ben, this.ten)))
			.contains(this.ben);
	}

}
