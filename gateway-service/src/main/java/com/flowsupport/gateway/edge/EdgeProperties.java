package com.flowsupport.gateway.edge;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * What the gateway does to every request before routing it.
 *
 * @param maxRequestSize largest request body accepted where no body limit says otherwise
 * @param bodyLimits largest request body, by name, for the paths that need another limit
 * (inbound email is larger than any API call); the most specific path pattern wins
 * @param internalPaths path patterns of the services' internal endpoints, never served at
 * the edge
 * @param trustedProxies CIDRs of the load balancers in front of the gateway; only their
 * {@code X-Forwarded-For} is believed (none by default: the peer address is the client)
 * @param cors which browser origins may call the API
 * @param identityHeaders request headers a service might take as proof of identity, which
 * only the gateway's own checks may establish, so clients' copies are dropped
 */
@Validated
@ConfigurationProperties("flowsupport.gateway")
public record EdgeProperties(@DefaultValue("10MB") @NotNull DataSize maxRequestSize,
		@DefaultValue Map<String, @Valid BodyLimit> bodyLimits,
		@DefaultValue("/api/v1/auth/service-token") List<String> internalPaths,
		@DefaultValue List<String> trustedProxies, @Valid @DefaultValue Cors cors,
		@Valid @DefaultValue IdentityHeaders identityHeaders) {

	/**
	 * @param paths path patterns the limit applies to
	 * @param maxSize largest request body accepted on them
	 */
	public record BodyLimit(@NotEmpty List<String> paths, @NotNull DataSize maxSize) {
	}

	/**
	 * @param consoleOrigins origins of the agent console, allowed on every path
	 * @param widgetOrigins origin patterns of pages embedding the chat widget, allowed on
	 * {@code widgetPaths} only (a tenant's own allow-list is checked with its widget key)
	 * @param widgetPaths paths the widget calls
	 * @param maxAge how long browsers may cache a preflight answer
	 */
	public record Cors(@DefaultValue List<String> consoleOrigins, @DefaultValue List<String> widgetOrigins,
			@DefaultValue("/widget/**") List<String> widgetPaths, @DefaultValue("1h") Duration maxAge) {
	}

	/**
	 * @param names exact header names (case-insensitive)
	 * @param prefixes header name prefixes (case-insensitive)
	 * @param kept exact names that match a prefix but carry no identity and pass: the
	 * signature of channel-service's raw-email webhook, which the sender computes
	 */
	public record IdentityHeaders(@DefaultValue( {
			"X-Tenant-Id", "X-User-Id", "X-User", "X-User-Email", "X-App-Role", "X-Role", "X-Roles", "X-Forwarded-User",
			"X-Forwarded-Email", "X-Remote-User", "Remote-User", "X-Real-IP", "X-Client-IP" }) List<String> names,
			@DefaultValue({ "X-Auth-", "X-FlowSupport-", "X-Internal-" }) List<String> prefixes,
			@DefaultValue("X-FlowSupport-Signature") List<String> kept){
	}

}
