package com.flowsupport.ticket.routing;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The round-robin choice: the candidate with the fewest unresolved tickets; among equals,
 * the one given a ticket least recently (never counts as longest ago); the id settles the
 * rest, so the choice never depends on the order candidates come in.
 */
final class LoadBalancer {

	private LoadBalancer() {
	}

	static Optional<UUID> choose(Collection<UUID> candidates, Map<UUID, Long> openLoad,
			Map<UUID, Instant> lastAssigned) {
		Comparator<UUID> byLoad = Comparator.comparingLong((candidate) -> openLoad.getOrDefault(candidate, 0L));
		Comparator<UUID> byLastAssigned = Comparator.comparing(lastAssigned::get,
				Comparator.nullsFirst(Comparator.naturalOrder()));
		return candidates.stream().min(byLoad.thenComparing(byLastAssigned).thenComparing(Comparator.naturalOrder()));
	}

}
