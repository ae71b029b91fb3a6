package com.flowsupport.channel;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
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
 * provider, over HTTPS to public addresses
 * @param delivery how outbound sends are retried
 * @param smtp the built-in SMTP listener
 * @param media how media customers send through Twilio and Meta is fetched
 * @param secrets the keys channel secrets are sealed with, and how secrets rotate
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
		@DefaultValue @Valid Smtp smtp, @DefaultValue @Valid Media media, @DefaultValue @Valid Secrets secrets,
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
	 * @param listener the SMTP server channel-service runs itself, so a mail exchanger
	 * (or an MX record) can hand mail straight to it
	 */
	public record Smtp(@DefaultValue @Valid Listener listener) {
	}

	/**
	 * @param enabled off by default: most deployments receive through a provider's
	 * webhook
	 * @param port where it listens; 0 picks a free port
	 * @param bindAddress the interface it listens on
	 * @param maxMessageSize larger mail is refused (552)
	 * @param maxRecipients recipients one message may name
	 * @param maxConnections sessions at once
	 * @param timeout an idle session is closed after this
	 */
	public record Listener(@DefaultValue("false") boolean enabled, @DefaultValue("2525") @Min(0) @Max(65535) int port,
			@DefaultValue("0.0.0.0") @NotBlank String bindAddress,
			@DefaultValue("25MB") @NotNull DataSize maxMessageSize, @DefaultValue("50") @Min(1) int maxRecipients,
			@DefaultValue("100") @Min(1) int maxConnections, @DefaultValue("60s") @NotNull Duration timeout) {
	}

	/**
	 * @param maxSize larger media is not downloaded (recorded as skipped)
	 * @param connectTimeout for each download
	 * @param timeout for each download, from the request to its last byte
	 * @param insecureHosts media hosts exempt from the HTTPS-only rule and the
	 * internal-address check: a local stand-in in tests, never in production
	 */
	public record Media(@DefaultValue("16MB") @NotNull DataSize maxSize,
			@DefaultValue("3s") @NotNull Duration connectTimeout, @DefaultValue("15s") @NotNull Duration timeout,
			@DefaultValue List<String> insecureHosts) {
	}

	/**
	 * @param keys further AES-256 keys by id (32 random bytes, base64), from the
	 * environment: {@code FLOWSUPPORT_CHANNEL_SECRETS_KEYS_<ID>}; the key of
	 * {@code flowsupport.crypto.master-key} is {@code master}
	 * @param currentKey the key new secrets are sealed with; the others still open what
	 * they sealed, until re-encryption moves it to the current key
	 * @param reEncryptOnStartup whether each start re-seals every channel's secrets that
	 * another key sealed
	 * @param rotationGrace how long a replaced signing secret (an email webhook secret,
	 * Twilio auth token, Meta app secret or verify token, widget identity secret) still
	 * verifies, so that deliveries signed before the provider switched are not refused
	 */
	public record Secrets(@DefaultValue Map<String, String> keys, @DefaultValue("master") @NotBlank String currentKey,
			@DefaultValue("true") boolean reEncryptOnStartup, @DefaultValue("24h") @NotNull Duration rotationGrace) {
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
