package com.flowsupport.shared.events;

/**
 * Reading Redis's error replies out of the exceptions that carry them: Spring's
 * translation often says only "Error in execution", the code ({@code NOGROUP},
 * {@code BUSYGROUP}) is in a cause.
 */
public final class RedisReplies {

	private RedisReplies() {
	}

	/**
	 * Whether Redis answered with this error code somewhere in the exception's causes.
	 */
	public static boolean isError(Throwable failure, String code) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (String.valueOf(cause.getMessage()).contains(code)) {
				return true;
			}
		}
		return false;
	}

}
