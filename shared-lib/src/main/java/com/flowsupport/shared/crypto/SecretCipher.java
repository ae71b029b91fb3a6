package com.flowsupport.shared.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets at rest (signing keys, channel credentials, webhook secrets) with
 * AES-256-GCM under the configured master key. Each value gets a fresh 96-bit nonce; the
 * associated data binds a ciphertext to its owner (e.g. the row id), so it cannot be
 * copied onto another row. Layout: {@code version (1) | nonce (12) | ciphertext + tag}.
 * The version byte leaves room for key rotation; envelope encryption with a KMS is the
 * production story.
 */
public final class SecretCipher {

	private static final byte VERSION = 1;

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final SecretKeySpec key;

	private SecretCipher(byte[] key) {
		if (key.length != 32) {
			throw new IllegalArgumentException("The master key must be 32 bytes (256 bits), base64-encoded");
		}
		this.key = new SecretKeySpec(key, "AES");
	}

	/**
	 * @param base64Key 32 random bytes, base64-encoded (e.g.
	 * {@code openssl rand -base64 32})
	 */
	public static SecretCipher fromBase64(String base64Key) {
		try {
			return new SecretCipher(Base64.getDecoder().decode(base64Key.trim()));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					"flowsupport.crypto.master-key must be 32 random bytes, base64-encoded: " + ex.getMessage());
		}
	}

	public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
		byte[] nonce = new byte[NONCE_BYTES];
		RANDOM.nextBytes(nonce);
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(associatedData);
			byte[] sealed = cipher.doFinal(plaintext);
			return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Encryption failed", ex);
		}
	}

	public byte[] decrypt(byte[] envelope, byte[] associatedData) {
		if (envelope.length < 1 + NONCE_BYTES + TAG_BITS / 8 || envelope[0] != VERSION) {
			throw new IllegalArgumentException("Not a value this cipher sealed");
		}
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, envelope, 1, NONCE_BYTES));
			cipher.updateAAD(associatedData);
			return cipher.doFinal(envelope, 1 + NONCE_BYTES, envelope.length - 1 - NONCE_BYTES);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Decryption failed: wrong master key, or the value was tampered with", ex);
		}
	}

}
