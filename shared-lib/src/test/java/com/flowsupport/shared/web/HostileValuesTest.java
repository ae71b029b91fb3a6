package com.flowsupport.shared.web;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Values a database cannot store are the client's mistake: named by field when a request
 * body is read, and a 400 rather than a "conflict" when one reaches the database another
 * way (a query parameter, a header).
 */
class HostileValuesTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void aNulCharacterInATextOrAListOfTextsIsNamed() {
		JsonNode body = JSON.valueToTree(Map.of("title", "a\u0000b", "tags", List.of("ok", "x\u0000"), "body", "fine"));
		JsonReader in = new JsonReader(body, Set.of("title", "tags", "body"));
		assertThat(in.text("title", 100, true)).isNull();
		assertThat(in.strings("tags", 10)).isEmpty();
		assertThat(in.text("body", 100, true)).isEqualTo("fine");
		ErrorResponseException refused = catchThrowableOfType(ErrorResponseException.class, in::finish);
		assertThat(refused.getStatusCode().value()).isEqualTo(422);
		assertThat((List<?>) refused.getBody().getProperties().get("errors")).hasSize(2);
		assertThat(String.valueOf(refused.getBody().getProperties().get("errors"))).contains("field=tags",
				"field=title", JsonReader.NUL_MESSAGE);
	}

	@Test
	void instantsOutsideTheYears0001To9999AreRefused() {
		JsonNode body = JSON.valueToTree(Map.of("from", "+1000000000-06-01T00:00:00Z", "to", "2026-11-23T17:00:00Z"));
		JsonReader in = new JsonReader(body, Set.of("from", "to"));
		assertThat(in.instant("from")).isNull();
		assertThat(in.instant("to")).isNotNull();
		ErrorResponseException refused = catchThrowableOfType(ErrorResponseException.class, in::finish);
		assertThat((List<?>) refused.getBody().getProperties().get("errors")).hasSize(1);
		assertThat(String.valueOf(refused.getBody().getProperties().get("errors"))).contains("field=from");
	}

	@Test
	void aValueTheDatabaseCannotStoreIsABadRequestAndABrokenConstraintAConflict() {
		ProblemDetailsAdvice advice = new ProblemDetailsAdvice();
		ResponseEntity<ProblemDetail> nul = advice.integrityViolation(new DataIntegrityViolationException("bad value",
				new SQLException("invalid byte sequence for encoding \"UTF8\": 0x00", "22021")));
		assertThat(nul.getStatusCode().value()).isEqualTo(400);
		assertThat(nul.getBody().getTitle()).isEqualTo("Invalid value");
		ResponseEntity<ProblemDetail> tooLong = advice.integrityViolation(new DataIntegrityViolationException(
				"too long", new SQLException("value too long for type character varying(20)", "22001")));
		assertThat(tooLong.getStatusCode().value()).isEqualTo(400);
		ResponseEntity<ProblemDetail> duplicate = advice.integrityViolation(new DataIntegrityViolationException(
				"duplicate", new SQLException("duplicate key value violates unique constraint", "23505")));
		assertThat(duplicate.getStatusCode().value()).isEqualTo(409);
		ResponseEntity<ProblemDetail> unknown = advice
			.integrityViolation(new DataIntegrityViolationException("no state"));
		assertThat(unknown.getStatusCode().value()).isEqualTo(409);
	}

}
