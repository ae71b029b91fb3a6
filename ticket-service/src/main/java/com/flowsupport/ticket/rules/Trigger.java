package com.flowsupport.ticket.rules;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.flowsupport.ticket.condition.Conditions;

/**
 * A business rule run on every ticket create and update: when its conditions hold, its
 * actions apply. Active triggers run in {@code position} order.
 */
record Trigger(UUID id, String name, @Nullable String description, boolean active, int position, Conditions conditions,
		List<Action> actions, long version, Instant createdAt, Instant updatedAt) {
}
