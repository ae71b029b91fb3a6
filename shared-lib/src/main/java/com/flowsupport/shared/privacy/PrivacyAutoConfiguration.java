package com.flowsupport.shared.privacy;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Every service with {@link PersonalDataParticipant}s answers data-subject requests on
 * {@link PrivacyEndpoint}, its platform records (outbox, event streams, stored answers)
 * included.
 */
@AutoConfiguration(afterName = "com.flowsupport.shared.db.DatabaseAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean({ PersonalDataParticipant.class, PlatformTransactionManager.class })
@EnableConfigurationProperties(PrivacyProperties.class)
public class PrivacyAutoConfiguration {

	@Bean
	PersonalData personalData(List<PersonalDataParticipant> participants, PlatformTransactionManager transactions) {
		return new PersonalData(participants, transactions);
	}

	@Bean
	PlatformPersonalData platformPersonalData(JdbcClient jdbc, ObjectProvider<StringRedisTemplate> redis) {
		return new PlatformPersonalData(jdbc, redis);
	}

	@Bean
	PrivacyEndpoint privacyEndpoint(PersonalData personalData, PrivacyProperties properties,
			@Value("${spring.application.name}") String service) {
		return new PrivacyEndpoint(personalData, properties, service);
	}

}
