package com.flowsupport.ticket.ticket;

import java.util.List;
import java.util.UUID;

import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.CallerIdentity;

/**
 * The visibility rule of the {@code ticket_access} policy, in Java: used to refuse a
 * change that would move a ticket out of the caller's sight with a clear 403 before the
 * database refuses it.
 */
final class TicketAccess {

	private TicketAccess() {
	}

	static boolean canSee(CallerIdentity caller, Ticket ticket) {
		if (caller.role() == AppRole.CUSTOMER) {
			return ticket.requesterId().equals(caller.userId()) || ticket.followerIds().contains(caller.userId());
		}
		if (caller.restrictedToGroups()) {
			return (ticket.groupId() != null && groups(caller).contains(ticket.groupId()))
					|| (ticket.assigneeId() != null && ticket.assigneeId().equals(caller.userId()));
		}
		return true;
	}

	private static List<UUID> groups(CallerIdentity caller) {
		if (caller.claims().get("groups") instanceof List<?> groups) {
			return groups.stream().map((group) -> UUID.fromString(group.toString())).toList();
		}
		return List.of();
	}

}
