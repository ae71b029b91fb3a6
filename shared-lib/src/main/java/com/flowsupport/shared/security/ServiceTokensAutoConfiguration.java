package com.flowsupport.shared.security;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.RestClient;

/**
 * {@link ServiceTokens} for every service; it asks identity for tokens only once used,
 * and only with credentials configured.
 */
@AutoConfiguration
@ConditionalOnClass(RestClient.class)
@EnableConfigurationProperties(ServiceTokenProperties.class)
public class ServiceTokensAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ServiceTokens serviceTokens(ServiceTokenProperties properties, ObjectProvider<Clock> clock,
			ObjectProvider<RestClient.Builder> restClients) {
		return new ServiceTokens(properties, clock.getIfAvailable(Clock::systemUTC),
				restClients.getIfAvailable(RestClient::builder));
	}

}
