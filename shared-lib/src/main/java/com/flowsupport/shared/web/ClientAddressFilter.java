package com.flowsupport.shared.web;

import java.io.IOException;
import java.net.InetAddress;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Works out each request's {@link ClientAddress}: the address named in
 * {@link ClientAddress#HEADER} when the TCP peer is a trusted proxy (the gateway), the
 * peer itself otherwise. A header that is not a single IP literal is ignored.
 */
class ClientAddressFilter extends OncePerRequestFilter {

	private final AddressBlocks trustedProxies;

	ClientAddressFilter(AddressBlocks trustedProxies) {
		this.trustedProxies = trustedProxies;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		request.setAttribute(ClientAddress.ATTRIBUTE, resolve(request));
		chain.doFilter(request, response);
	}

	private String resolve(HttpServletRequest request) {
		String peer = request.getRemoteAddr();
		InetAddress peerAddress = AddressBlocks.parseLiteral(peer);
		String forwarded = request.getHeader(ClientAddress.HEADER);
		if (peerAddress == null || forwarded == null || !this.trustedProxies.contains(peerAddress)) {
			return peer;
		}
		InetAddress client = AddressBlocks.parseLiteral(forwarded.trim());
		return (client != null) ? client.getHostAddress() : peer;
	}

}
