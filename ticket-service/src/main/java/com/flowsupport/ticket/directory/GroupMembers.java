package com.flowsupport.ticket.directory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Who may take a group's tickets (its active agents and admins), from identity-service,
 * remembered per tenant for {@link #FRESH} so that routing and the checks of an update do
 * not ask identity every time. A failed lookup is remembered for {@link #RETRY_AFTER}, so
 * that while identity is down updates do not each wait for its timeout.
 */
@Component
public class GroupMembers {

	static final Duration FRESH = Duration.ofSeconds(30);

	static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	/** How old an answer may be when the latest one is asked for. */
	static final Duration LATEST = Duration.ofSeconds(1);

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
	public List<UUID> activeAgents(UUID tenantId, UUID groupId) {
		return group(tenantId, groupId, false).orElse(List.of());
	}

	/**
	 * The members of {@code groupId} who may take tickets, or empty when identity knows
	 * no such group in the tenant.
	 * @param latest whether to ask identity again, unless just asked ({@link #LATEST}):
	 * for a group or membership that may be only seconds old
	 * @throws IdentityDirectory.UnavailableException when identity cannot tell
	 */
	public Optional<List<UUID>> group(UUID tenantId, UUID groupId, boolean latest) {
		Instant now = this.clock.instant();
		Snapshot snapshot = this.tenants.get(tenantId);
		if (snapshot == null || !snapshot.freshAt(now) || (latest && snapshot.olderThan(LATEST, now))) {
			snapshot = load(now);
			this.tenants.values().removeIf((stale) -> !stale.freshAt(now));
			this.tenants.put(tenantId, snapshot);
		}
		if (snapshot.failure() != null) {
			throw snapshot.failure();
		}
		return Optional.ofNullable(snapshot.groups().get(groupId));
	}

	private Snapshot load(Instant now) {
		try {
			Map<UUID, List<UUID>> groups = this.directory.requireGroups()
				.stream()
				.collect(Collectors.toMap(IdentityDirectory.Group::id, IdentityDirectory.Group::activeAgents,
						(first, second) -> first));
			return new Snapshot(groups, null, now, now.plus(FRESH));
		}
		catch (IdentityDirectory.UnavailableException ex) {
			return new Snapshot(Map.of(), ex, now, now.plus(RETRY_AFTER));
		}
	}

	private record Snapshot(Map<UUID, List<UUID>> groups, IdentityDirectory.@Nullable UnavailableException failure,
			Instant taken, Instant until) {

		boolean freshAt(Instant now) {
			return now.isBefore(this.until);
		}

		boolean olderThan(Duration age, Instant now) {
			return this.taken.plus(age).isBefore(now);
		}

	}

}
