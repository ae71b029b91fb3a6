package com.flowsupport.identity.privacy;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How identity-service runs data-subject requests.
 *
 * @param participants the other services holding personal data, by name, with where they
 * answer; a service with no URL is not deployed and is left out of new jobs
 * @param archiveTtl how long a finished export can be downloaded
 * @param callTimeout the most one service may take to export or erase
 * @param lease how long a worker owns a job it started; after a crash another worker
 * resumes it once the lease has run out
 * @param pollInterval how often the worker looks for due jobs when it is not woken
 * @param maxBackoff the longest wait before a failed job is retried
 */
@Validated
@ConfigurationProperties("flowsupport.identity.privacy")
public record PrivacyJobProperties(@DefaultValue Map<String, String> participants,
		@DefaultValue("7d") Duration archiveTtl, @DefaultValue("60s") Duration callTimeout,
		@DefaultValue("5m") Duration lease, @DefaultValue("5s") Duration pollInterval,
		@DefaultValue("10m") Duration maxBackoff) {

	/** The deployed participants, by name. */
	Map<String, URI> deployed() {
		Map<String, URI> deployed = new LinkedHashMap<>();
		this.participants.forEach((name, url) -> {
			if (url != null && !url.isBlank()) {
				deployed.put(name, URI.create(url.strip()));
			}
		});
		return deployed;
	}

}
