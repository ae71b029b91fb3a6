package com.flowsupport.channel.email;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/** HMAC-SHA256 signatures, compared in constant time. */
public final class WebhookSignatures {

	private WebhookSignatures() {
	}

	public static byte[] hmacSha256(String secret, byte[] data) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return mac.doFinal(data);
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Whether {@code header} is {@code sha256=<hex HMAC of body>}. */
	public static boolean validSha256Header(String secret, byte[] body, @Nullable String header) {
		if (header == null || !header.startsWith("sha256=")) {
			return false;
		}
		byte[] given;
		try {
			given = HexFormat.of().parseHex(header.substring(7).strip());
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		return MessageDigest.isEqual(hmacSha256(secret, body), given);
	}

}
