package com.flowsupport.channel.delivery;

import org.jspecify.annotations.Nullable;

import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientException;

/**
 * A send failed. Retryable failures (the provider was unreachable or answered 5xx or 429)
 * are tried again after a backoff; the others (a refused recipient, bad credentials) fail
 * the message at once.
 */
public class DeliveryException extends RuntimeException {

	private final boolean retryable;

	public DeliveryException(String message, boolean retryable, @Nullable Throwable cause) {
		super(message, cause);
		this.retryable = retryable;
	}

	public boolean retryable() {
		return this.retryable;
	}

	/**
	 * A failed call to a provider's REST API: 5xx, 429 and unreachable are worth another
	 * try, any other answer is not.
	 */
	public static DeliveryException fromHttp(String provider, RestClientException ex) {
		if (ex instanceof HttpStatusCodeException status) {
			boolean retryable = status.getStatusCode().is5xxServerError() || status.getStatusCode().value() == 429;
			return new DeliveryException(provider + " answered " + status.getStatusCode().value(), retryable, ex);
		}
		if (ex instanceof ResourceAccessException) {
			return new DeliveryException(provider + " could not be reached: " + ex.getMessage(), true, ex);
		}
		return new DeliveryException(provider + "'s answer was not understood: " + ex.getMessage(), true, ex);
	}

}
