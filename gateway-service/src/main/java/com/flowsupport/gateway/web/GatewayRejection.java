package com.flowsupport.gateway.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * A request the gateway refuses for a reason that is safe to tell the client; rendered as
 * a problem with exactly this title and detail.
 */
public final class GatewayRejection extends ResponseStatusException {

	private final String title;

	private final String detail;

	public GatewayRejection(HttpStatus status, String title, String detail) {
		super(status, detail);
		this.title = title;
		this.detail = detail;
	}

	public String title() {
		return this.title;
	}

	public String detail() {
		return this.detail;
	}

}
