package com.flowsupport.channel.channel;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Rotation of the secrets providers and embedders sign with: when one is replaced, the
 * value it replaced is kept beside it ({@code <name>.previous}, with
 * {@code <name>.previousUntil}) and still verifies for a grace period, since deliveries
 * signed before the provider switched (Twilio after an auth token rotation, Meta after an
 * app secret reset, pages still embedding the old widget hash) keep arriving for a while.
 */
final class SigningSecrets {

	static final Set<String> NAMES = Set.of("webhookSecret", "identitySecret", "authToken", "appSecret", "verifyToken");

	static final String PREVIOUS = ".previous";

	static final String PREVIOUS_UNTIL = ".previousUntil";

	private SigningSecrets() {
	}

	/** Whether {@code name} is a replaced value or its deadline rather than a secret. */
	static boolean bookkeeping(String name) {
		return name.endsWith(PREVIOUS) || name.endsWith(PREVIOUS_UNTIL);
	}

	/**
	 * The secrets after a change: each signing secret that changed keeps the value it
	 * replaced until {@code now + grace}; replaced values past their deadline are
	 * dropped.
	 */
	static Map<String, String> rotate(Map<String, String> before, Map<String, String> after, Instant now,
			Duration grace) {
		Map<String, String> result = new LinkedHashMap<>(after);
		result.keySet().removeIf(SigningSecrets::bookkeeping);
		for (String name : NAMES) {
			String old = before.get(name);
			String current = after.get(name);
			if (old != null && current != null && !old.equals(current)) {
				result.put(name + PREVIOUS, old);
				result.put(name + PREVIOUS_UNTIL, now.plus(grace).toString());
			}
			else if (current != null && current.equals(old) && before.containsKey(name + PREVIOUS)
					&& Instant.parse(before.get(name + PREVIOUS_UNTIL)).isAfter(now)) {
				result.put(name + PREVIOUS, before.get(name + PREVIOUS));
				result.put(name + PREVIOUS_UNTIL, before.get(name + PREVIOUS_UNTIL));
			}
		}
		return result;
	}

}
