package com.flowsupport.ticket.ticket;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.flowsupport.shared.tenancy.CallerIdentity;

/**
 * Tickets and updates in flight for unit tests of what ticket hooks decide, without a
 * database: edits made to the ticket before {@link #updating} count as the caller's.
 */
public final class TestTickets {

	public static final Instant AT = Instant.parse("2026-01-05T09:00:00Z");

	private TestTickets() {
	}

	/** An open, normal question by email, with no group, assignee or tags. */
	public static Ticket ticket() {
		return new Ticket(UUID.randomUUID(), UUID.randomUUID(), 1, "Refund please", "The invoice is wrong",
				TicketStatus.OPEN, Priority.NORMAL, TicketType.QUESTION, UUID.randomUUID(), null, "email", AT);
	}

	public static TicketUpdate updating(Ticket ticket, CallerIdentity actor,
			TicketUpdate.@Nullable CommentContext comment) {
		return new TicketUpdate(ticket, TicketUpdate.Kind.UPDATED, actor, AT, comment, "api");
	}

}
