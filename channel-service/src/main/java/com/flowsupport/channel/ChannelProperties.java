package com.flowsupport.channel;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * channel-service's settings.
 *
 * @param publicBaseUrl where providers and browsers reach this service (the gateway):
 * webhook URLs are built on it, and Twilio signs the exact URL it called
 * @param ticketUrl ticket-service
 * @param aiUrl ai-rag-service
 * @param identityUrl identity-service (customers)
 * @param twilioApiUrl Twilio's REST API
 * @param metaGraphUrl Meta's Graph API, with its version
 * @param mediaHosts the only hosts media is ever fetched from (suffix match), per
 * provider
 * @param delivery how outbound sends are retried
 * @param smtpListenerPort the built-in SMTP listener's port; 0 keeps it off
 * @param snsCertificateHosts hosts an SNS signing certificate may come from
 * @param widgetMailFrom sender of the emails that reach widget visitors who left
 * @param internalSmtpHosts whether a channel's own SMTP server may be on the platform's
 * network (loopback, private, link-local addresses): for a developer's local mail catcher
 * only, since otherwise a tenant could aim channel-service at internal hosts
 */
@Validated
@ConfigurationProperties("flowsupport.channel")
public record ChannelProperties(@DefaultValue("http://localhost:8080") @NotNull URI publicBaseUrl,
		@DefaultValue("http://localhost:8082") @NotNull URI ticketUrl,
		@DefaultValue("http://localhost:8084") @NotNull URI aiUrl,
		@DefaultValue("http://localhost:8081") @NotNull URI identityUrl,
		@DefaultValue("https://api.twilio.com") @NotNull URI twilioApiUrl,
		@DefaultValue("https://graph.facebook.com/v21.0") @NotNull URI metaGraphUrl,
		@DefaultValue @Valid MediaHosts mediaHosts, @DefaultValue @Valid Delivery delivery,
		@DefaultValue("0") @Min(0) int smtpListenerPort,
		@DefaultValue("sns.*.amazonaws.com") List<String> snsCertificateHosts,
		@DefaultValue("support@localhost") @NotNull String widgetMailFrom,
		@DefaultValue("false") boolean internalSmtpHosts) {

	/**
	 * @param twilio Twilio serves media from api.twilio.com and redirects to its CDN
	 * @param meta the Graph API answers a media id with a lookaside.fbsbx.com URL
	 */
	public record MediaHosts(@DefaultValue( {
			"api.twilio.com", "media.twiliocdn.com" }) List<String> twilio,
			@DefaultValue({ "graph.facebook.com", "lookaside.fbsbx.com" }) List<String> meta){
	}

	/**
	 * @param maxAttempts sends tried before a message is failed and dead-lettered
	 * @param initialBackoff wait before the second attempt; doubled for each further one
	 * @param maxBackoff the longest wait between attempts
	 * @param claimIdle a send taken by an instance that died is taken over after this
	 * @param sweepInterval how often queued messages whose queue entry was lost are
	 * enqueued again
	 */
	public record Delivery(@DefaultValue("5") @Min(1) int maxAttempts,
			@DefaultValue("2s") @NotNull Duration initialBackoff, @DefaultValue("5m") @NotNull Duration maxBackoff,
			@DefaultValue("60s") @NotNull Duration claimIdle, @DefaultValue("60s") @NotNull Duration sweepInterval) {

		public Duration backoff(int attempt) {
			Duration wait = this.initialBackoff.multipliedBy(1L << Math.min(attempt - 1, 20));
			return (wait.compareTo(this.maxBackoff) > 0) ? this.maxBackoff : wait;
		}

	}

}
