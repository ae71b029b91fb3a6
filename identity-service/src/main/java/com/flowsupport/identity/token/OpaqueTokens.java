package com.flowsupport.identity.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Bearer secrets that identity hands out and later recognises (refresh tokens,
 * invitations, API keys): {@code <kind>.<tenant id>.<256 random bits>}. The tenant part
 * lets a request that carries no access token find its tenant; only a SHA-256 hash of the
 * whole secret is ever stored.
 */
public final class OpaqueTokens {

	private static final SecureRandom RANDOM = new SecureRandom();

	private OpaqueTokens() {
	}

	public static String create(String kind, UUID tenantId) {
		byte[] secret = new byte[32];
		RANDOM.nextBytes(secret);
		return kind + "." + tenantId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
	}

	/** The tenant a presented secret of this kind names, if it is well formed. */
	public static Optional<UUID> tenantOf(String kind, String presented) {
		String[] parts = presented.split("\\.", -1);
		if (parts.length != 3 || !kind.equals(parts[0]) || parts[2].length() != 43) {
			return Optional.empty();
		}
		try {
			return Optional.of(UUID.fromString(parts[1]));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	public static byte[] hash(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
