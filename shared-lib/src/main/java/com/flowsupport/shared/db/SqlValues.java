package com.flowsupport.shared.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.SqlParameterValue;

/**
 * Typed JDBC parameters, so that a {@code null} needs no parameter-metadata round trip
 * and instants travel as {@code timestamptz} whatever the JVM's time zone.
 */
public final class SqlValues {

	private SqlValues() {
	}

	public static SqlParameterValue uuid(@Nullable UUID value) {
		return new SqlParameterValue(Types.OTHER, value);
	}

	public static SqlParameterValue text(@Nullable String value) {
		return new SqlParameterValue(Types.VARCHAR, value);
	}

	public static SqlParameterValue time(@Nullable Instant value) {
		return new SqlParameterValue(Types.TIMESTAMP_WITH_TIMEZONE,
				(value != null) ? value.atOffset(ZoneOffset.UTC) : null);
	}

	public static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

}
