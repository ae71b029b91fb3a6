package com.flowsupport.ticket.ticket;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A ticket as the API shows it. */
public record TicketView(UUID id, long number, String subject, String description, String status, String priority,
		String type, UUID requesterId, @Nullable UUID submitterId, @Nullable UUID assigneeId, @Nullable UUID groupId,
		List<UUID> followerIds, List<String> tags, String channel, List<String> externalRefs,
		Map<String, Object> customFields, @Nullable UUID problemId, @Nullable Instant dueAt,
		@Nullable UUID mergedIntoId, @Nullable Satisfaction satisfaction, SlaView sla, @Nullable Instant assignedAt,
		@Nullable Instant solvedAt, @Nullable Instant closedAt, Instant createdAt, Instant updatedAt, long version) {

	public record Satisfaction(String score, @Nullable String comment, @Nullable Instant ratedAt) {
	}

	public record SlaView(@Nullable UUID policyId, @Nullable Instant firstReplyDueAt, @Nullable Instant nextReplyDueAt,
			@Nullable Instant resolutionDueAt, @Nullable Instant firstRepliedAt, @Nullable Instant breachedAt) {
	}

	public static TicketView of(Ticket ticket) {
		Ticket.Sla sla = ticket.sla();
		String score = ticket.satisfactionScore();
		return new TicketView(ticket.id(), ticket.number(), ticket.subject(), ticket.description(),
				ticket.status().value(), ticket.priority().value(), ticket.type().value(), ticket.requesterId(),
				ticket.submitterId(), ticket.assigneeId(), ticket.groupId(), ticket.followerIds(), ticket.tags(),
				ticket.channel(), ticket.externalRefs(), ticket.customFields(), ticket.problemId(), ticket.dueAt(),
				ticket.mergedIntoId(),
				(score != null) ? new Satisfaction(score, ticket.satisfactionComment(), ticket.satisfactionRatedAt())
						: null,
				new SlaView(sla.policyId(), sla.firstReplyDueAt(), sla.nextReplyDueAt(), sla.resolutionDueAt(),
						sla.firstRepliedAt(), sla.breachedAt()),
				ticket.assignedAt(), ticket.solvedAt(), ticket.closedAt(), ticket.createdAt(), ticket.updatedAt(),
				ticket.version());
	}

}
