package com.flowsupport.ticket.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import com.flowsupport.ticket.directory.IdentityDirectory;

/**
 * Who may take a group's tickets (its active agents and admins), from identity-service,
 * remembered per tenant for {@link #FRESH} so that routing does not ask identity on every
 * update. A failed lookup is remembered for {@link #RETRY_AFTER}, so that while identity
 * is down updates do not each wait for its timeout.
 */
@Component
class GroupMembers {

	static final Duration FRESH = Duration.ofSeconds(30);

	static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	private final IdentityDirectory directory;

	private final Clock clock;

	private final Map<UUID, Snapshot> tenants = new ConcurrentHashMap<>();

	GroupMembers(IdentityDirectory directory, Clock clock) {
		this.directory = directory;
		this.clock = clock;
	}

	/**
	 * The members of {@code groupId} who may take tickets; none for a group identity does
	 * not know.
	 * @throws IdentityDirectory.UnavailableException when identity cannot tell
	 */
	List<UUID> activeAgents(UUID tenantId, UUID groupId) {
		Instant now = this.clock.instant();
		Snapshot snapshot = this.tenants.get(tenantId);
		if (snapshot == null || !snapshot.freshAt(now)) {
			snapshot = load(now);
			this.tenants.values().removeIf((stale) -> !stale.freshAt(now));
			this.tenants.put(tenantId, snapshot);
		}
		if (snapshot.failure() != null) {
			throw snapshot.failure();
		}
		return snapshot.groups().getOrDefault(groupId, List.of());
	}

	private Snapshot load(Instant now) {
		try {
			Map<UUID, List<UUID>> groups = this.directory.requireGroups()
				.stream()
				.collect(Collectors.toMap(IdentityDirectory.Group::id, IdentityDirectory.Group::activeAgents,
						(first, second) -> first));
			return new Snapshot(groups, null, now.plus(FRESH));
		}
		catch (IdentityDirectory.UnavailableException ex) {
			return new Snapshot(Map.of(), ex, now.plus(RETRY_AFTER));
		}
	}

	private record Snapshot(Map<UUID, List<UUID>> groups, IdentityDirectory.@Nullable UnavailableException failure,
			Instant until) {

		boolean freshAt(Instant now) {
			return now.isBefore(this.until);
		}

	}

}
