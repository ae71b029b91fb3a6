package com.flowsupport.gateway.edge;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * What the gateway does to every request before routing it.
 *
 * @param maxRequestSize largest request body accepted
 * @param trustedProxies CIDRs of the load balancers in front of the gateway; only their
 * {@code X-Forwarded-For} is believed (none by default: the peer address is the client)
 * @param cors which browser origins may call the API
 * @param identityHeaders request headers a service might take as proof of identity, which
 * only the gateway's own checks may establish, so clients' copies are dropped
 */
@Validated
@ConfigurationProperties("flowsupport.gateway")
public record EdgeProperties(@DefaultValue("10MB") @NotNull DataSize maxRequestSize,
		@DefaultValue List<String> trustedProxies, @Valid @DefaultValue Cors cors,
		@Valid @DefaultValue IdentityHeaders identityHeaders) {

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
	 */
	public record IdentityHeaders(@DefaultValue( {
			"X-Tenant-Id", "X-User-Id", "X-User", "X-User-Email", "X-App-Role", "X-Role", "X-Roles", "X-Forwarded-User",
			"X-Forwarded-Email", "X-Remote-User", "Remote-User", "X-Real-IP", "X-Client-IP" }) List<String> names,
			@DefaultValue({ "X-Auth-", "X-FlowSupport-", "X-Internal-" }) List<String> prefixes){
	}

}
