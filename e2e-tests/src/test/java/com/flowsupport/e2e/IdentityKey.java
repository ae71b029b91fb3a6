package com.flowsupport.e2e;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;

import com.flowsupport.shared.crypto.SecretCipher;
import com.flowsupport.shared.test.TestInfrastructure;

/**
 * identity-service's signing key in use, read from the database and decrypted with this
 * run's master key: exactly what an attacker could not do. Tokens signed with it over bad
 * claims (wrong audience, expired, ...) prove the claim checks, not merely the signature
 * check.
 */
public final class IdentityKey {

	private IdentityKey() {
	}

	public static RSAKey active(String masterKey) throws Exception {
		try (Connection admin = TestInfrastructure.get().adminConnection();
				Statement statement = admin.createStatement();
				ResultSet rows = statement.executeQuery("""
						SELECT kid, private_key FROM identity.signing_key
						WHERE activates_at <= now() AND (expires_at IS NULL OR expires_at > now())
						ORDER BY activates_at DESC LIMIT 1""")) {
			rows.next();
			String kid = rows.getString("kid");
			byte[] json = SecretCipher.fromBase64(masterKey)
				.decrypt(rows.getBytes("private_key"), ("signing_key:" + kid).getBytes(StandardCharsets.UTF_8));
			return (RSAKey) JWK.parse(new String(json, StandardCharsets.UTF_8));
		}
	}

}
