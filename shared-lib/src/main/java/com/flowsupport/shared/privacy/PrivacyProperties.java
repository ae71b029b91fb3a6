package com.flowsupport.shared.privacy;

import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may drive data-subject requests through a service's {@link PrivacyEndpoint}.
 *
 * @param orchestrators the services (the {@code service} claim of their service tokens)
 * allowed to export and erase people's data; identity-service runs the privacy jobs
 */
@ConfigurationProperties("flowsupport.privacy")
public record PrivacyProperties(@DefaultValue("identity-service") Set<String> orchestrators) {
}
