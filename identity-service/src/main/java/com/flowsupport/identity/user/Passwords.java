package com.flowsupport.identity.user;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

import com.flowsupport.shared.web.Problems;

/**
 * Password hashing with Argon2id at OWASP's recommended minimum (19 MiB, 2 iterations, 1
 * lane), and the password policy. Verifying an unknown account still costs a full hash,
 * so response time does not reveal which accounts exist.
 */
@Component
public class Passwords {

	public static final int MIN_LENGTH = 10;

	public static final int MAX_LENGTH = 128;

	private final Argon2PasswordEncoder encoder = new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2);

	private final String decoy = this.encoder.encode("decoy password that matches nothing");

	public String hash(String password) {
		return this.encoder.encode(password);
	}

	/**
	 * @param hash the stored hash, or {@code null} for an unknown account (a decoy is
	 * checked)
	 */
	public boolean matches(String password, @Nullable String hash) {
		boolean matches = this.encoder.matches(password, (hash != null) ? hash : this.decoy);
		return hash != null && matches;
	}

	/** Refuses a password that breaks the policy, naming the field. */
	public void requireAcceptable(String field, @Nullable String password) {
		Map<String, String> errors = new LinkedHashMap<>();
		if (password == null || password.length() < MIN_LENGTH) {
			errors.put(field, "must be at least " + MIN_LENGTH + " characters");
		}
		else if (password.length() > MAX_LENGTH) {
			errors.put(field, "must be at most " + MAX_LENGTH + " characters");
		}
		else if (password.isBlank()) {
			errors.put(field, "must not be blank");
		}
		if (!errors.isEmpty()) {
			throw Problems.unprocessable(errors);
		}
	}

}
