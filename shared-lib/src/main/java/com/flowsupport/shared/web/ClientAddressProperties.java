package com.flowsupport.shared.web;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Whose word about the client's address a servlet service takes.
 *
 * @param trustedProxies CIDRs of the peers (the gateway's pods) whose
 * {@link ClientAddress#HEADER} is believed; by default loopback and the private ranges
 * pods get their addresses from (RFC 1918, RFC 6598 shared space, IPv6 unique local).
 * Narrow it to the pod network where other workloads share those ranges; on a cluster
 * with public IPv6 pod addresses, add the pod CIDR.
 */
@ConfigurationProperties("flowsupport.web.client-address")
public record ClientAddressProperties(@DefaultValue( {
		"127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10",
		"fc00::/7" }) List<String> trustedProxies){
}
