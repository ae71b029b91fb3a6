package com.flowsupport.rag.peer;

import org.jspecify.annotations.Nullable;

/** A peer could not be asked, or did not answer in time. */
public class PeerUnavailableException extends RuntimeException {

	public PeerUnavailableException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
