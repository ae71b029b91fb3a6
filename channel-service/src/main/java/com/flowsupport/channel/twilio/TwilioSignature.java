package com.flowsupport.channel.twilio;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * {@code X-Twilio-Signature} as Twilio documents it: the full URL Twilio requested
 * (scheme, host, path and query), then each POST parameter's name and value, sorted by
 * name, concatenated without separators; HMAC-SHA1 with the account's auth token, base64.
 */
final class TwilioSignature {

	private TwilioSignature() {
	}

	static String compute(String authToken, String url, Map<String, List<String>> params) {
		StringBuilder data = new StringBuilder(url);
		new TreeMap<>(params)
			.forEach((name, values) -> values.stream().sorted().forEach((value) -> data.append(name).append(value)));
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
			return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static boolean valid(String authToken, String url, Map<String, List<String>> params, @Nullable String signature) {
		if (signature == null || signature.isBlank()) {
			return false;
		}
		return MessageDigest.isEqual(compute(authToken, url, params).getBytes(StandardCharsets.US_ASCII),
				signature.strip().getBytes(StandardCharsets.US_ASCII));
	}

}
