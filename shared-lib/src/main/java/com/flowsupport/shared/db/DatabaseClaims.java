package com.flowsupport.shared.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;

/**
 * Hands the caller's claims to Postgres for the current transaction only
 * ({@code set_config(..., true)}), where {@code auth.jwt()} and the RLS policies read
 * them. With no caller in scope the claims are set empty, so the policies match nothing.
 */
public final class DatabaseClaims {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private DatabaseClaims() {
	}

	public static void applyCurrent(Connection connection) throws SQLException {
		apply(connection, Tenancy.current().map(DatabaseClaims::toJson).orElse(""));
	}

	static void apply(Connection connection, String claimsJson) throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT set_config('request.jwt.claims', ?, true)")) {
			statement.setString(1, claimsJson);
			statement.execute();
		}
	}

	public static String toJson(CallerIdentity identity) {
		Map<String, Object> claims = new LinkedHashMap<>();
		// Supabase policies compare exp/iat as numbers, the JWT decoder hands them over
		// as Instants.
		identity.claims()
			.forEach((name, value) -> claims.put(name, (value instanceof Instant instant) ? instant.getEpochSecond()
					: (value instanceof java.net.URL url) ? url.toString() : value));
		return JSON.writeValueAsString(claims);
	}

}
