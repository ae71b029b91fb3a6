package com.flowsupport.e2e;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook signatures as the senders compute them, for the suites that deliver webhooks
 * through the gateway: HMAC-SHA256 in hex (FlowSupport's email webhook, Meta's
 * {@code X-Hub-Signature-256}, the widget's identity hash) and Twilio's
 * {@code X-Twilio-Signature}.
 */
public final class WebhookSignatures {

	private WebhookSignatures() {
	}

	/** HMAC-SHA256 of {@code data} under {@code secret}, in lower-case hex. */
	public static String hmacHex(String secret, String data) {
		return HexFormat.of().formatHex(mac("HmacSHA256", secret, data));
	}

	/**
	 * Twilio's signature: HMAC-SHA1, Base64, of the public URL followed by every
	 * parameter's name and value, sorted by name.
	 */
	public static String twilio(String authToken, String url, Map<String, String> params) {
		StringBuilder data = new StringBuilder(url);
		new TreeMap<>(params).forEach((name, value) -> data.append(name).append(value));
		return Base64.getEncoder().encodeToString(mac("HmacSHA1", authToken, data.toString()));
	}

	private static byte[] mac(String algorithm, String secret, String data) {
		try {
			Mac mac = Mac.getInstance(algorithm);
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
			return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
