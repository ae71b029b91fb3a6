package com.flowsupport.channel.channel;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import com.flowsupport.shared.web.Problems;

/** What every webhook answers a request it cannot trust. */
public final class Webhooks {

	private Webhooks() {
	}

	/**
	 * 403, the same for a bad signature and for a channel that does not exist, so a
	 * caller learns nothing about which channels exist.
	 */
	public static ErrorResponseException forbidden() {
		return Problems.of(HttpStatus.FORBIDDEN, "invalid-signature", "Forbidden",
				"The request is not signed for this webhook.");
	}

}
