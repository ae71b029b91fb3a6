package com.flowsupport.channel.directory;

import org.jspecify.annotations.Nullable;

/**
 * A peer service could not be asked or did not answer; work that needs it is retried
 * later.
 */
public class PeerUnavailableException extends RuntimeException {

	PeerUnavailableException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
