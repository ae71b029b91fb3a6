package com.flowsupport.channel.channel;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import com.flowsupport.channel.ChannelProperties;
import com.flowsupport.shared.crypto.SecretCipher;

/**
 * AES-256-GCM under a ring of keys, so that the key can be rotated: each ciphertext names
 * the key that sealed it ({@code 2 | id length | key id | SecretCipher's envelope}, the
 * key id bound into the associated data), new secrets are sealed with the current key,
 * and every key in the ring still opens what it sealed. Envelopes from before the ring
 * ({@code SecretCipher}'s own, version 1) are the master key's.
 */
@Component
class SecretKeyRing {

	static final String MASTER = "master";

	private static final byte RING_VERSION = 2;

	private final Map<String, SecretCipher> keys = new LinkedHashMap<>();

	private final String current;

	@Autowired
	SecretKeyRing(SecretCipher master, ChannelProperties properties) {
		this(master, properties.secrets().keys(), properties.secrets().currentKey());
	}

	SecretKeyRing(SecretCipher master, Map<String, String> keys, String current) {
		this.keys.put(MASTER, master);
		keys.forEach((id, key) -> this.keys.put(requireId(id), SecretCipher.fromBase64(key)));
		this.current = current;
		if (!this.keys.containsKey(this.current)) {
			throw new IllegalStateException("flowsupport.channel.secrets.current-key names no key: " + this.current
					+ " (keys: " + this.keys.keySet() + ")");
		}
	}

	String currentKey() {
		return this.current;
	}

	byte[] seal(byte[] plaintext, byte[] associatedData) {
		byte[] id = this.current.getBytes(StandardCharsets.US_ASCII);
		byte[] sealed = this.keys.get(this.current).encrypt(plaintext, bound(associatedData, this.current));
		return ByteBuffer.allocate(2 + id.length + sealed.length)
			.put(RING_VERSION)
			.put((byte) id.length)
			.put(id)
			.put(sealed)
			.array();
	}

	byte[] open(byte[] envelope, byte[] associatedData) {
		String id = keyOf(envelope);
		SecretCipher key = this.keys.get(id);
		if (key == null) {
			throw new IllegalStateException("Sealed with key " + id + ", which is not in the ring");
		}
		if (envelope[0] != RING_VERSION) {
			return key.decrypt(envelope, associatedData);
		}
		int start = 2 + envelope[1];
		byte[] sealed = new byte[envelope.length - start];
		System.arraycopy(envelope, start, sealed, 0, sealed.length);
		return key.decrypt(sealed, bound(associatedData, id));
	}

	/** The id of the key that sealed {@code envelope}. */
	static String keyOf(byte[] envelope) {
		if (envelope.length > 2 && envelope[0] == RING_VERSION && envelope.length > 2 + envelope[1]) {
			return new String(envelope, 2, envelope[1], StandardCharsets.US_ASCII);
		}
		return MASTER;
	}

	private static byte[] bound(byte[] associatedData, String keyId) {
		byte[] id = (":" + keyId).getBytes(StandardCharsets.US_ASCII);
		return ByteBuffer.allocate(associatedData.length + id.length).put(associatedData).put(id).array();
	}

	private static String requireId(String id) {
		if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
			throw new IllegalStateException("A key id is 1 to 64 letters, digits, '.', '_' or '-': " + id);
		}
		return id;
	}

}
