package com.flowsupport.shared.events;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * UUID version 7 (RFC 9562): time-ordered, so new rows land at the right edge of B-tree
 * indexes.
 */
public final class Uuids {

	private static final SecureRandom RANDOM = new SecureRandom();

	private Uuids() {
	}

	public static UUID timeOrdered() {
		long millis = System.currentTimeMillis();
		long randomA = RANDOM.nextInt(1 << 12);
		long mostSignificant = (millis << 16) | (0x7L << 12) | randomA;
		long leastSignificant = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(mostSignificant, leastSignificant);
	}

}
