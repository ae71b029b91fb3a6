package com.flowsupport.channel.privacy;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.flowsupport.shared.events.EventSubscription;

/**
 * When ticket-service deletes a ticket (retention), the messages that went into it or out
 * of it (bodies, senders, attachments' metadata) and the conversation threaded to it go
 * too. A later reply to that thread starts a new ticket, as for any unknown thread.
 */
@Configuration(proxyBeanMethods = false)
class DeletedTickets {

	@Bean
	EventSubscription deletedTicketsSubscription(JdbcClient jdbc) {
		return com.flowsupport.shared.privacy.DeletedTickets.subscription("channel-deleted-tickets", jdbc,
				List.of("message", "conversation"));
	}

}
