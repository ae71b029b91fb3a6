package com.flowsupport.ticket.ticket;

/**
 * Takes part in every ticket create and update before it is stored: business rules,
 * routing and SLA policies. Hooks run in
 * {@link org.springframework.core.annotation.Order} and inside the update's transaction,
 * so what they change commits with it or not at all.
 */
public interface TicketHook {

	void beforeSave(TicketUpdate update);

}
