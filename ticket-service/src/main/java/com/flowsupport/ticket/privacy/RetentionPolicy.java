package com.flowsupport.ticket.privacy;

import java.time.Instant;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * A tenant's retention rules for tickets.
 *
 * @param closedTicketsDays days after closing when a closed ticket is deleted with its
 * comments and history; {@code null} keeps closed tickets
 * @param version bumped with each change
 * @param updatedAt when it last changed; {@code null} for the default (never set)
 */
record RetentionPolicy(@Nullable Integer closedTicketsDays, long version, @Nullable Instant updatedAt) {

	static final RetentionPolicy KEEP_EVERYTHING = new RetentionPolicy(null, 0, null);

	/** Days after closing when closed tickets go, if they do. */
	Optional<Integer> period() {
		return Optional.ofNullable(this.closedTicketsDays);
	}

}
