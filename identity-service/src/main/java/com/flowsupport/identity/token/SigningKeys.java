package com.flowsupport.identity.token;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.flowsupport.identity.IdentityProperties;
import com.flowsupport.shared.crypto.SecretCipher;
import com.flowsupport.shared.security.JwtProperties;

/**
 * The RSA keys that sign access tokens. A new key is published in the JWKS for a lead
 * time ({@code flowsupport.identity.signing-key-lead-time}) before it takes over signing,
 * so verifiers that cache the key set already hold it when its first token arrives. The
 * key it replaces stays published until every token it signed has expired. Keys are
 * replaced when the rotation period is up or on demand. Private keys are stored encrypted
 * under the master key, so every replica signs with the same key and a database dump
 * reveals none.
 */
@Component
public class SigningKeys {

	private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

	private static final Duration CACHE_TTL = Duration.ofSeconds(30);

	private static final long ROTATION_LOCK = 0x6b657973L;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final SecretCipher cipher;

	private final IdentityProperties properties;

	private final Duration clockSkew;

	private volatile @Nullable Snapshot snapshot;

	SigningKeys(JdbcTemplate jdbc, TransactionTemplate transactions, SecretCipher cipher, IdentityProperties properties,
			JwtProperties jwt) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.cipher = cipher;
		this.properties = properties;
		this.clockSkew = jwt.clockSkew();
	}

	/** The key new tokens are signed with. */
	RSAKey active() {
		return current().signer(Instant.now());
	}

	/**
	 * Public halves of every key whose tokens may be in use, or soon will be: the JWKS.
	 */
	public List<JWK> published() {
		return current().published(Instant.now());
	}

	/**
	 * Schedules the active key's successor, which signs after the lead time; while one is
	 * already waiting, that one is the answer.
	 * @param compromised the keys are taken to be known to someone else: the new key
	 * signs at once and every earlier key leaves the JWKS at once, so every access token
	 * issued so far stops working (clients refresh; verifiers fetch the new key on its
	 * first token)
	 */
	public Rotation rotate(boolean compromised) {
		Rotation rotation = this.transactions.execute((tx) -> {
			Instant now = lock();
			if (compromised) {
				this.jdbc.update(
						"UPDATE signing_key SET retired_at = LEAST(retired_at, ?), expires_at = ? WHERE expires_at IS NULL OR expires_at > ?",
						at(now), at(now), at(now));
				log.warn("Every signing key withdrawn as compromised");
				return createKey(now);
			}
			List<Rotation> waiting = this.jdbc.query("""
					SELECT kid, activates_at FROM signing_key
					WHERE activates_at > ? AND (expires_at IS NULL OR expires_at > ?)""",
					(rs, i) -> new Rotation(rs.getString("kid"), rs.getTimestamp("activates_at").toInstant()), at(now),
					at(now));
			return waiting.isEmpty() ? scheduleSuccessor(now) : waiting.get(0);
		});
		this.snapshot = null;
		return rotation;
	}

	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1H")
	void rotateWhenDue() {
		this.transactions.executeWithoutResult((tx) -> {
			Instant now = lock();
			ensureFreshKey(now);
			this.jdbc.update("DELETE FROM signing_key WHERE expires_at < ?", at(now.minus(Duration.ofDays(1))));
		});
		this.snapshot = null;
	}

	private Snapshot current() {
		Snapshot cached = this.snapshot;
		if (cached != null && cached.loadedAt().plus(CACHE_TTL).isAfter(Instant.now())) {
			return cached;
		}
		Snapshot loaded = this.transactions.execute((tx) -> {
			Instant now = lock();
			ensureFreshKey(now);
			return load(now);
		});
		this.snapshot = loaded;
		return loaded;
	}

	/**
	 * Serializes key changes across replicas; the time is taken once the lock is held.
	 */
	private Instant lock() {
		this.jdbc.execute("SELECT pg_advisory_xact_lock(" + ROTATION_LOCK + ")");
		return Instant.now();
	}

	/**
	 * A first key signs at once (no token names any key yet). The successor of a key is
	 * scheduled so that it takes over when the key's rotation period is up.
	 */
	private void ensureFreshKey(Instant now) {
		Timestamp newest = this.jdbc.queryForObject(
				"SELECT max(activates_at) FROM signing_key WHERE expires_at IS NULL OR expires_at > ?", Timestamp.class,
				at(now));
		if (newest == null) {
			createKey(now);
			return;
		}
		Instant takesOverAt = newest.toInstant().plus(this.properties.keyRotationPeriod());
		if (!newest.toInstant().isAfter(now) && !takesOverAt.minus(this.properties.signingKeyLeadTime()).isAfter(now)) {
			scheduleSuccessor(now);
		}
	}

	private Rotation scheduleSuccessor(Instant now) {
		Instant activatesAt = now.plus(this.properties.signingKeyLeadTime());
		// Tokens the retiring key signs until then stay verifiable until the last of them
		// has expired, whichever clock the verifier keeps.
		Instant retiredKeysExpire = activatesAt.plus(this.properties.accessTokenTtl())
			.plus(this.clockSkew.multipliedBy(2));
		this.jdbc.update("UPDATE signing_key SET retired_at = ?, expires_at = ? WHERE retired_at IS NULL",
				at(activatesAt), at(retiredKeysExpire));
		return createKey(activatesAt);
	}

	private Rotation createKey(Instant activatesAt) {
		RSAKey key = generate();
		this.jdbc.update(
				"INSERT INTO signing_key (kid, public_jwk, private_key, activates_at) VALUES (?, ?::jsonb, ?, ?)",
				key.getKeyID(), key.toPublicJWK().toJSONString(),
				this.cipher.encrypt(key.toJSONString().getBytes(StandardCharsets.UTF_8), aad(key.getKeyID())),
				at(activatesAt));
		log.info("New token signing key {}, signing from {}", key.getKeyID(), activatesAt);
		return new Rotation(key.getKeyID(), activatesAt);
	}

	/** Private keys are decrypted only for the keys that sign now or will. */
	private Snapshot load(Instant now) {
		List<StoredKey> keys = this.jdbc.query("""
				SELECT kid, public_jwk::text, activates_at, expires_at,
					CASE WHEN retired_at IS NULL OR retired_at > ? THEN private_key END AS private_key
				FROM signing_key WHERE expires_at IS NULL OR expires_at > ?
				ORDER BY activates_at DESC""", (rs, i) -> {
			String kid = rs.getString("kid");
			byte[] sealed = rs.getBytes("private_key");
			Timestamp expiresAt = rs.getTimestamp("expires_at");
			return new StoredKey(parse(rs.getString("public_jwk")), (sealed != null)
					? (RSAKey) parse(new String(this.cipher.decrypt(sealed, aad(kid)), StandardCharsets.UTF_8)) : null,
					rs.getTimestamp("activates_at").toInstant(), (expiresAt != null) ? expiresAt.toInstant() : null);
		}, at(now), at(now));
		return new Snapshot(keys, now);
	}

	private static RSAKey generate() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			KeyPair pair = generator.generateKeyPair();
			return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
				.keyID(UUID.randomUUID().toString())
				.keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.build();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static JWK parse(String json) {
		try {
			return JWK.parse(json);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("Stored signing key is not a JWK", ex);
		}
	}

	private static byte[] aad(String kid) {
		return ("signing_key:" + kid).getBytes(StandardCharsets.UTF_8);
	}

	private static Timestamp at(Instant instant) {
		return Timestamp.from(instant);
	}

	/**
	 * @param keyId the key that takes over signing
	 * @param activatesAt when it does
	 */
	public record Rotation(String keyId, Instant activatesAt) {
	}

	/**
	 * @param signer the private key, for keys that sign now or will
	 * @param expiresAt when the key leaves the JWKS; none while it signs or waits to
	 */
	private record StoredKey(JWK publicKey, @Nullable RSAKey signer, Instant activatesAt, @Nullable Instant expiresAt) {

		boolean isPublishedAt(Instant now) {
			return this.expiresAt == null || this.expiresAt.isAfter(now);
		}

	}

	/**
	 * The keys as loaded, newest first. Which one signs is decided at each call, so a
	 * successor takes over exactly when due, not when the cache happens to refresh.
	 */
	private record Snapshot(List<StoredKey> keys, Instant loadedAt) {

		RSAKey signer(Instant now) {
			for (StoredKey key : this.keys) {
				if (key.signer() != null && key.isPublishedAt(now) && !key.activatesAt().isAfter(now)) {
					return key.signer();
				}
			}
			throw new IllegalStateException("No signing key is active");
		}

		List<JWK> published(Instant now) {
			return this.keys.stream().filter((key) -> key.isPublishedAt(now)).map(StoredKey::publicKey).toList();
		}

	}

}
