package com.flowsupport.rag.privacy;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.flowsupport.shared.events.EventSubscription;

/**
 * When ticket-service deletes a ticket (retention), what the AI agent kept about it goes
 * too: the answers it gave on the ticket (their feedback with them), its autoresponder
 * jobs with the ticket's text, the ticket's bot state, handoffs to it, and the chat
 * conversation that became the ticket, with its messages.
 */
@Configuration(proxyBeanMethods = false)
class DeletedTickets {

	@Bean
	EventSubscription deletedTicketsSubscription(JdbcClient jdbc) {
		return com.flowsupport.shared.privacy.DeletedTickets.subscription("ai-rag-deleted-tickets", jdbc,
				List.of("answer", "autoresponder_job", "ticket_state", "handoff", "conversation"));
	}

}
