package com.flowsupport.rag.autoresponder;

import java.time.Clock;
import java.util.Set;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.flowsupport.rag.settings.AiSettings;
import com.flowsupport.rag.settings.AiSettingsService;
import com.flowsupport.shared.events.EventEnvelope;
import com.flowsupport.shared.events.EventSubscription;
import com.flowsupport.shared.events.EventTypes;
import com.flowsupport.shared.observability.TraceContexts;

/**
 * What the autoresponder takes from ticket-service's events. Each event is handled once
 * (the inbox) and becomes at most one job (its event id is the job's key); the answering
 * itself happens off the event's transaction, in {@link AutoresponderWorker}, so no
 * database connection waits on kb-service or a language model. A customer's good rating
 * of a ticket the bot answered counts as solved by AI.
 */
@Configuration(proxyBeanMethods = false)
class AutoresponderEvents {

	@Bean
	EventSubscription autoresponderSubscription(AiSettingsService settings, AutoresponderJobs jobs, TicketStates states,
			AutoresponderWorker worker, TraceContexts traces, Clock clock) {
		return new EventSubscription("ai-rag-autoresponder",
				Set.of(EventTypes.TICKET_CREATED, EventTypes.COMMENT_CREATED, EventTypes.TICKET_UPDATED),
				(event) -> handle(event, settings, jobs, states, worker, traces, clock));
	}

	/**
	 * A job records the trace of the event's handling, so that its reply continues it.
	 */
	static void handle(EventEnvelope event, AiSettingsService settings, AutoresponderJobs jobs, TicketStates states,
			AutoresponderWorker worker, TraceContexts traces, Clock clock) {
		JsonNode data = event.data();
		UUID ticketId = UUID.fromString(data.path("ticketId").asString());
		boolean queued = switch (event.type()) {
			case EventTypes.TICKET_CREATED -> {
				AiSettings current = settings.current();
				yield !current.mode().equals(AiSettings.OFF) && current.answersOn(data.path("channel").asString(""))
						&& !handedOver(data) && jobs.enqueue(event.tenantId(), event.id(), "ticket", ticketId, data,
								traces.currentTraceparent(), clock.instant());
			}
			case EventTypes.COMMENT_CREATED -> "customer".equals(data.path("authorRole").asString())
					&& data.path("public").asBoolean(false)
					&& states.find(event.tenantId(), ticketId).map(TicketStates.State::awaitingCustomer).orElse(false)
					&& jobs.enqueue(event.tenantId(), event.id(), "comment", ticketId, data,
							traces.currentTraceparent(), clock.instant());
			case EventTypes.TICKET_UPDATED -> {
				ratedGood(data, event.tenantId(), ticketId, states, clock);
				yield false;
			}
			default -> false;
		};
		if (queued && TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					worker.wake();
				}
			});
		}
	}

	/** A ticket opened by a handoff (a chat the bot gave up on) is for humans. */
	private static boolean handedOver(JsonNode ticket) {
		for (JsonNode tag : ticket.path("tags")) {
			if (Autoresponder.HANDOVER_TAG.equals(tag.asString())) {
				return true;
			}
		}
		return false;
	}

	private static void ratedGood(JsonNode data, UUID tenantId, UUID ticketId, TicketStates states, Clock clock) {
		for (JsonNode change : data.path("changes")) {
			if ("satisfaction".equals(change.path("field").asString()) && "good".equals(change.path("to").asString())
					&& states.find(tenantId, ticketId).map(TicketStates.State::awaitingCustomer).orElse(false)) {
				states.stop(tenantId, ticketId, "resolved", true, clock.instant());
			}
		}
	}

}
