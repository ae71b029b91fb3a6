package com.flowsupport.rag.privacy;

import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.flowsupport.shared.events.EventSubscription;
import com.flowsupport.shared.events.EventTypes;

/**
 * When ticket-service deletes a ticket (its tenant's retention policy), what the AI agent
 * kept about it goes too: the answers it gave on the ticket (and their feedback), its
 * autoresponder jobs with the ticket's text, the ticket's bot state, handoffs to it, and
 * the chat conversation that became the ticket, with its messages. Deleting what is
 * already gone does nothing, so a redelivered event is harmless.
 */
@Configuration(proxyBeanMethods = false)
class DeletedTickets {

	private static final Logger log = LoggerFactory.getLogger(DeletedTickets.class);

	/** Tables holding a ticket's derived data, in an order that satisfies their keys. */
	static final String[] TABLES = { "answer", "autoresponder_job", "ticket_state", "handoff", "conversation" };

	@Bean
	EventSubscription deletedTicketsSubscription(JdbcClient jdbc) {
		return new EventSubscription("ai-rag-deleted-tickets", Set.of(EventTypes.TICKET_DELETED), (event) -> {
			UUID ticketId = UUID.fromString(event.data().path("ticketId").asString());
			int rows = 0;
			for (String table : TABLES) {
				rows += jdbc.sql("DELETE FROM " + table + " WHERE tenant_id = ? AND ticket_id = ?")
					.params(event.tenantId(), ticketId)
					.update();
			}
			log.info("Ticket {} of tenant {} was deleted; dropped {} rows derived from it", ticketId, event.tenantId(),
					rows);
		});
	}

}
