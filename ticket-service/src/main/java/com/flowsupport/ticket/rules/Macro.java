package com.flowsupport.ticket.rules;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A bundle of actions an agent applies to a ticket in one go, with an optional comment.
 *
 * @param ownerId the agent whose personal macro this is, visible to them alone;
 * {@code null} for a macro shared with the whole tenant
 */
record Macro(UUID id, @Nullable UUID ownerId, String name, @Nullable String description, boolean active, int position,
		List<Action> actions, long version, Instant createdAt, Instant updatedAt) {
}
