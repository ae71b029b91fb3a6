package com.flowsupport.kb.directory;

import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.flowsupport.shared.events.EventSubscription;
import com.flowsupport.shared.events.EventTypes;

@Configuration(proxyBeanMethods = false)
class DirectoryConfiguration {

	/** identity-service owns tenants; its tenant events carry the slug. */
	@Bean
	EventSubscription tenantDirectorySubscription(TenantDirectory directory) {
		return new EventSubscription("kb-tenant-directory",
				Set.of(EventTypes.TENANT_CREATED, EventTypes.TENANT_UPDATED), directory::remember);
	}

}
