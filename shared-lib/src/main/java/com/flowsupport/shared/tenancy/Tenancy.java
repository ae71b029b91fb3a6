package com.flowsupport.shared.tenancy;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.util.ClassUtils;

/**
 * The caller in scope. An identity bound explicitly with {@link #callAs} wins (background
 * work, event consumers); otherwise it is the one in the validated JWT of the current
 * request.
 */
public final class Tenancy {

	private static final boolean SECURITY_PRESENT = ClassUtils.isPresent("org.springframework.security.oauth2.jwt.Jwt",
			Tenancy.class.getClassLoader());

	private static final ThreadLocal<@Nullable CallerIdentity> BOUND = new ThreadLocal<>();

	private Tenancy() {
	}

	public static Optional<CallerIdentity> current() {
		CallerIdentity bound = BOUND.get();
		if (bound != null) {
			return Optional.of(bound);
		}
		return SECURITY_PRESENT ? RequestIdentity.fromSecurityContext() : Optional.empty();
	}

	public static CallerIdentity require() {
		return current().orElseThrow(MissingTenantException::new);
	}

	/**
	 * The caller, who must hold one of {@code allowed}; otherwise Spring Security's
	 * access denied (a 403 problem).
	 */
	public static CallerIdentity requireRole(AppRole... allowed) {
		CallerIdentity caller = require();
		for (AppRole role : allowed) {
			if (caller.role() == role) {
				return caller;
			}
		}
		throw new AccessDeniedException("Requires one of " + Arrays.toString(allowed));
	}

	/** Runs {@code work} as {@code identity}, restoring whatever was bound before. */
	public static <T> T callAs(CallerIdentity identity, Supplier<T> work) {
		CallerIdentity previous = BOUND.get();
		BOUND.set(identity);
		try {
			return work.get();
		}
		finally {
			if (previous != null) {
				BOUND.set(previous);
			}
			else {
				BOUND.remove();
			}
		}
	}

	public static void runAs(CallerIdentity identity, Runnable work) {
		callAs(identity, () -> {
			work.run();
			return null;
		});
	}

	/**
	 * Kept apart so that Spring Security classes load only when they are on the
	 * classpath.
	 */
	private static final class RequestIdentity {

		static Optional<CallerIdentity> fromSecurityContext() {
			Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
			if (authentication != null && authentication.getPrincipal() instanceof Jwt jwt) {
				Map<String, Object> claims = jwt.getClaims();
				return Optional.of(CallerIdentity.fromClaims(claims));
			}
			return Optional.empty();
		}

	}

}
