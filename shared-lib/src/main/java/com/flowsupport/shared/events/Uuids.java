package com.flowsupport.shared.events;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * UUID version 7 (RFC 9562): time-ordered, so new rows land at the right edge of B-tree
 * indexes, and monotonic within this process (RFC 9562 §6.2, method 1: the 12 bits after
 * the timestamp count up within a millisecond), so rows written one after another in one
 * request — audit entries, notes — sort in the order they were written.
 */
public final class Uuids {

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final int COUNTER_BITS = 12;

	private static final Object LOCK = new Object();

	private static long lastMillis = -1;

	private static int counter;

	private Uuids() {
	}

	public static UUID timeOrdered() {
		long millis;
		int sequence;
		synchronized (LOCK) {
			long now = System.currentTimeMillis();
			if (now > lastMillis) {
				lastMillis = now;
				// A random start in the lower half leaves room to count up and keeps ids
				// from different processes apart.
				counter = RANDOM.nextInt(1 << (COUNTER_BITS - 1));
			}
			else if (++counter == 1 << COUNTER_BITS) {
				// More ids in one millisecond than the counter holds, or the clock went
				// back: borrow the next millisecond rather than go backwards.
				lastMillis++;
				counter = 0;
			}
			millis = lastMillis;
			sequence = counter;
		}
		long mostSignificant = (millis << 16) | (0x7L << 12) | sequence;
		long leastSignificant = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(mostSignificant, leastSignificant);
	}

}
