package com.flowsupport.shared.tenancy;

import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * What a caller may do inside a tenant; carried in the {@code app_role} claim.
 * {@link #SERVICE} is a service acting for one tenant (background work),
 * {@link #PLATFORM} is platform machinery that spans tenants (the outbox relay, retention
 * jobs) and is admitted only by the policies that name it.
 */
public enum AppRole {

	CUSTOMER, AGENT, ADMIN, SUPER_ADMIN, SERVICE, PLATFORM;

	public String claimValue() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** Whether only the services themselves hold it (never a person or an API key). */
	public boolean internal() {
		return this == SERVICE || this == PLATFORM;
	}

	public static AppRole fromClaim(String value) {
		for (AppRole role : values()) {
			if (role.claimValue().equals(value)) {
				return role;
			}
		}
		throw new IllegalArgumentException("Unknown app_role: " + value);
	}

	/**
	 * A role a client named, if it is one: for request bodies, where a bad value is the
	 * client's error.
	 */
	public static Optional<AppRole> parse(@Nullable String value) {
		for (AppRole role : values()) {
			if (role.claimValue().equals(value)) {
				return Optional.of(role);
			}
		}
		return Optional.empty();
	}

}
