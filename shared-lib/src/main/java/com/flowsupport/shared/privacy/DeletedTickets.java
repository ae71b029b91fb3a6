package com.flowsupport.shared.privacy;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;

import com.flowsupport.shared.events.EventSubscription;
import com.flowsupport.shared.events.EventTypes;

/**
 * What a service derived from a ticket goes when ticket-service deletes the ticket (its
 * tenant's retention policy announces each deletion as {@code ticket.deleted}): a service
 * names its tables with a {@code ticket_id} column, and their rows for that ticket are
 * deleted, in the order given (children before parents where keys require it), as the
 * ticket's tenant. Deleting what is already gone does nothing, so a redelivered event is
 * harmless.
 */
public final class DeletedTickets {

	private static final Logger log = LoggerFactory.getLogger(DeletedTickets.class);

	private DeletedTickets() {
	}

	/**
	 * @param name the subscription's consumer group, e.g. {@code ai-rag-deleted-tickets}
	 * @param tables the service's tables (in its own schema) with a {@code ticket_id}
	 */
	public static EventSubscription subscription(String name, JdbcClient jdbc, List<String> tables) {
		for (String table : tables) {
			if (!table.matches("[a-z_][a-z0-9_]*")) {
				throw new IllegalArgumentException("Not a table name: " + table);
			}
		}
		List<String> statements = tables.stream()
			.map((table) -> "DELETE FROM " + table + " WHERE tenant_id = ? AND ticket_id = ?")
			.toList();
		return new EventSubscription(name, Set.of(EventTypes.TICKET_DELETED), (event) -> {
			UUID ticketId = UUID.fromString(event.data().path("ticketId").asString());
			int rows = 0;
			for (String statement : statements) {
				rows += jdbc.sql(statement).params(event.tenantId(), ticketId).update();
			}
			log.info("Ticket {} of tenant {} was deleted; {} rows derived from it dropped", ticketId, event.tenantId(),
					rows);
		});
	}

}
