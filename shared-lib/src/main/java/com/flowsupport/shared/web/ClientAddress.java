package com.flowsupport.shared.web;

import java.util.Optional;

import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The address of the client a request comes from, as far as it can be trusted. Behind the
 * gateway every request's TCP peer is the gateway, so the gateway names the client it
 * resolved in {@link #HEADER}; a service believes that header only from a trusted proxy
 * ({@code flowsupport.web.client-address.trusted-proxies}) and otherwise takes the peer.
 * Use this, never {@code getRemoteAddr()}, for audit trails and per-client limits.
 */
public final class ClientAddress {

	/**
	 * Set by the gateway on every request it forwards; a copy sent by a client is
	 * replaced there.
	 */
	public static final String HEADER = "X-FlowSupport-Client-IP";

	static final String ATTRIBUTE = ClientAddress.class.getName();

	private ClientAddress() {
	}

	/** The client of the request this thread serves; empty outside a request. */
	public static Optional<String> current() {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
				&& attributes.getRequest().getAttribute(ATTRIBUTE) instanceof String address) {
			return Optional.of(address);
		}
		return Optional.empty();
	}

}
