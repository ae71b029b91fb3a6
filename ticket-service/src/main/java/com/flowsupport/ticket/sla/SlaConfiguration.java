package com.flowsupport.ticket.sla;

import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.flowsupport.shared.events.EventSubscription;
import com.flowsupport.shared.events.EventTypes;

@Configuration(proxyBeanMethods = false)
class SlaConfiguration {

	/**
	 * identity-service owns tenant settings; its tenant events carry the time zone and
	 * business hours the SLA clocks run in.
	 */
	@Bean
	EventSubscription tenantScheduleSubscription(TenantSchedules schedules) {
		return new EventSubscription("ticket-tenant-schedules",
				Set.of(EventTypes.TENANT_CREATED, EventTypes.TENANT_UPDATED), schedules::remember);
	}

}
