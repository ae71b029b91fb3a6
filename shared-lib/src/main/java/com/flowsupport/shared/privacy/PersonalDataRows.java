package com.flowsupport.shared.privacy;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Exports rows as Postgres itself renders them to JSON ({@code to_jsonb}), so that an
 * export holds every column a table keeps about a person, new columns included, without a
 * mapping to keep in step.
 */
public final class PersonalDataRows {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	public PersonalDataRows(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The rows of {@code select} as a JSON array of objects, one member per column.
	 * @param select a query whose columns name the members
	 * @param params its positional parameters
	 */
	public JsonNode rows(String select, Object... params) {
		String json = this.jdbc
			.sql("SELECT coalesce(jsonb_agg(to_jsonb(exported)), '[]'::jsonb)::text FROM (" + select + ") exported")
			.params(params)
			.query(String.class)
			.single();
		return JSON.readTree(json);
	}

}
