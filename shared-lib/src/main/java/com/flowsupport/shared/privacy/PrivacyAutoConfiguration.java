package com.flowsupport.shared.privacy;

import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Every service with {@link PersonalDataParticipant}s answers data-subject requests on
 * {@link PrivacyEndpoint}.
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
	PrivacyEndpoint privacyEndpoint(PersonalData personalData, PrivacyProperties properties,
			@Value("${spring.application.name}") String service) {
		return new PrivacyEndpoint(personalData, properties, service);
	}

}
