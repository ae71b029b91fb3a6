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
 * The RSA keys that sign access tokens. One key is active; it is replaced when older than
 * the rotation period (or on demand), and a replaced key stays published in the JWKS
 * until every token it signed has expired. Private keys are stored encrypted under the
 * master key, so every replica signs with the same key and a database dump reveals none.
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
		return current().active();
	}

	/** Public halves of every key whose tokens may still be in use: the JWKS. */
	public List<JWK> published() {
		return current().published();
	}

	/**
	 * Replaces the active key now; the previous one stays published until its tokens
	 * expire.
	 */
	public String rotate() {
		this.transactions.executeWithoutResult((tx) -> {
			this.jdbc.execute("SELECT pg_advisory_xact_lock(" + ROTATION_LOCK + ")");
			createKeyRetiringActive();
		});
		this.snapshot = null;
		return active().getKeyID();
	}

	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1H")
	void rotateWhenDue() {
		this.transactions.executeWithoutResult((tx) -> {
			this.jdbc.execute("SELECT pg_advisory_xact_lock(" + ROTATION_LOCK + ")");
			ensureFreshKey();
			this.jdbc.update("DELETE FROM signing_key WHERE expires_at < now() - interval '1 day'");
		});
		this.snapshot = null;
	}

	private Snapshot current() {
		Snapshot cached = this.snapshot;
		if (cached != null && cached.loadedAt().plus(CACHE_TTL).isAfter(Instant.now())) {
			return cached;
		}
		Snapshot loaded = this.transactions.execute((tx) -> {
			this.jdbc.execute("SELECT pg_advisory_xact_lock(" + ROTATION_LOCK + ")");
			ensureFreshKey();
			return load();
		});
		this.snapshot = loaded;
		return loaded;
	}

	private void ensureFreshKey() {
		List<Timestamp> active = this.jdbc.queryForList(
				"SELECT created_at FROM signing_key WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1",
				Timestamp.class);
		if (active.isEmpty()
				|| active.get(0).toInstant().plus(this.properties.keyRotationPeriod()).isBefore(Instant.now())) {
			createKeyRetiringActive();
		}
	}

	private void createKeyRetiringActive() {
		// Tokens signed by the retiring key stay verifiable until the longest of them
		// expires.
		Instant retiredKeysExpire = Instant.now()
			.plus(this.properties.accessTokenTtl())
			.plus(this.clockSkew.multipliedBy(2));
		this.jdbc.update("UPDATE signing_key SET retired_at = now(), expires_at = ? WHERE retired_at IS NULL",
				Timestamp.from(retiredKeysExpire));
		RSAKey key = generate();
		this.jdbc.update("INSERT INTO signing_key (kid, public_jwk, private_key) VALUES (?, ?::jsonb, ?)",
				key.getKeyID(), key.toPublicJWK().toJSONString(),
				this.cipher.encrypt(key.toJSONString().getBytes(StandardCharsets.UTF_8), aad(key.getKeyID())));
		log.info("New token signing key {}", key.getKeyID());
	}

	private Snapshot load() {
		List<JWK> published = this.jdbc.query(
				"SELECT public_jwk::text FROM signing_key WHERE expires_at IS NULL OR expires_at > now() ORDER BY created_at DESC",
				(rs, i) -> parse(rs.getString(1)));
		RSAKey active = this.jdbc.queryForObject(
				"SELECT kid, private_key FROM signing_key WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1",
				(rs, i) -> (RSAKey) parse(
						new String(this.cipher.decrypt(rs.getBytes("private_key"), aad(rs.getString("kid"))),
								StandardCharsets.UTF_8)));
		return new Snapshot(active, published, Instant.now());
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

	private record Snapshot(RSAKey active, List<JWK> published, Instant loadedAt) {
	}

}
