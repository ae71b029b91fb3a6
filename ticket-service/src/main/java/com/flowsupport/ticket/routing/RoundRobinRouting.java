package com.flowsupport.ticket.routing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import com.flowsupport.ticket.directory.GroupMembers;
import com.flowsupport.ticket.directory.IdentityDirectory;
import com.flowsupport.ticket.ticket.FieldChange;
import com.flowsupport.ticket.ticket.Ticket;
import com.flowsupport.ticket.ticket.TicketHook;
import com.flowsupport.ticket.ticket.TicketUpdate;

/**
 * Round robin by open load: a ticket that ends an update in a {@code round_robin} group
 * with nobody assigned goes to the member with the fewest unresolved tickets, the one
 * assigned least recently among equals. Runs after the business rules (which may set the
 * group) and before the SLA policies. When identity cannot say who the members are, the
 * ticket stays unassigned in its group and the update goes through: the next update of
 * the ticket tries again.
 */
@Component
@Order(RoundRobinRouting.ORDER)
class RoundRobinRouting implements TicketHook {

	static final int ORDER = 200;

	static final String VIA = "routing";

	private static final Logger log = LoggerFactory.getLogger(RoundRobinRouting.class);

	private final RoutingRepository routing;

	private final GroupMembers members;

	RoundRobinRouting(RoutingRepository routing, GroupMembers members) {
		this.routing = routing;
		this.members = members;
	}

	@Override
	public void beforeSave(TicketUpdate update) {
		Ticket ticket = update.ticket();
		UUID groupId = ticket.groupId();
		if (groupId == null || ticket.assigneeId() != null || !ticket.status().isUnresolved()) {
			return;
		}
		UUID tenantId = ticket.tenantId();
		if (this.routing.mode(tenantId, groupId).orElse(RoutingMode.MANUAL) != RoutingMode.ROUND_ROBIN) {
			return;
		}
		List<UUID> candidates;
		try {
			candidates = new ArrayList<>(this.members.activeAgents(tenantId, groupId));
		}
		catch (IdentityDirectory.UnavailableException ex) {
			log.warn("Ticket #{} stays unassigned in group {}: identity-service cannot tell its members ({})",
					ticket.number(), groupId, ex.getMessage());
			return;
		}
		// Whoever just handed the ticket back is not given it again.
		handedBack(update).ifPresent(candidates::remove);
		if (candidates.isEmpty()) {
			return;
		}
		this.routing.lockGroup(tenantId, groupId);
		Map<UUID, Long> load = this.routing.openLoad(candidates);
		Map<UUID, Instant> lastAssigned = this.routing.lastAssigned(tenantId, candidates);
		LoadBalancer.choose(candidates, load, lastAssigned).ifPresent((agent) -> {
			update.apply(VIA, (routed) -> routed.assign(agent, update.at()));
			this.routing.assigned(tenantId, agent, update.at());
		});
	}

	private static Optional<UUID> handedBack(TicketUpdate update) {
		return update.changes()
			.stream()
			.filter((change) -> change.field().equals("assigneeId") && change.to() == null)
			.map(FieldChange::from)
			.filter(UUID.class::isInstance)
			.map(UUID.class::cast)
			.reduce((first, last) -> last);
	}

}
