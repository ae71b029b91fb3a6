package com.flowsupport.shared.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretCipherTest {

	private final SecretCipher cipher = SecretCipher.fromBase64(Base64.getEncoder().encodeToString(new byte[32]));

	@Test
	void roundTripsAndNeverRepeatsACiphertext() {
		byte[] secret = "twilio-auth-token".getBytes(StandardCharsets.UTF_8);
		byte[] first = this.cipher.encrypt(secret, bytes("row-1"));
		byte[] second = this.cipher.encrypt(secret, bytes("row-1"));
		assertThat(first).isNotEqualTo(second);
		assertThat(this.cipher.decrypt(first, bytes("row-1"))).isEqualTo(secret);
	}

	@Test
	void rejectsTamperingAnotherOwnerAndAnotherKey() {
		byte[] sealed = this.cipher.encrypt(bytes("secret"), bytes("row-1"));
		assertThatThrownBy(() -> this.cipher.decrypt(sealed, bytes("row-2"))).isInstanceOf(IllegalStateException.class);
		byte[] tampered = sealed.clone();
		tampered[tampered.length - 1] ^= 1;
		assertThatThrownBy(() -> this.cipher.decrypt(tampered, bytes("row-1")))
			.isInstanceOf(IllegalStateException.class);
		byte[] otherKey = new byte[32];
		otherKey[0] = 1;
		SecretCipher other = SecretCipher.fromBase64(Base64.getEncoder().encodeToString(otherKey));
		assertThatThrownBy(() -> other.decrypt(sealed, bytes("row-1"))).isInstanceOf(IllegalStateException.class);
	}

	@Test
	void refusesKeysOfTheWrongSize() {
		assertThatThrownBy(() -> SecretCipher.fromBase64(Base64.getEncoder().encodeToString(new byte[16])))
			.hasMessageContaining("32 bytes");
		assertThatThrownBy(() -> SecretCipher.fromBase64("not base64!")).hasMessageContaining("base64");
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
