package com.flowsupport.shared.web;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import jakarta.servlet.ServletException;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.ResponseEntity;
import org.springframework.http.ProblemDetail;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A database that cannot be reached makes a request a 503 problem the client may retry,
 * whether the failure comes from a handler or from a filter's transaction (the fault
 * suite saw requests hang into gateway timeouts and then 500s while PostgreSQL was down).
 */
class DatabaseUnavailableTest {

	private static final CannotCreateTransactionException NO_CONNECTION = new CannotCreateTransactionException(
			"Could not open JPA EntityManager for transaction",
			new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out"));

	@Test
	void connectionFailuresAreTheDatabaseBeingUnavailableAndOtherFailuresAreNot() {
		assertThat(DatabaseUnavailable.causedBy(NO_CONNECTION)).isTrue();
		assertThat(DatabaseUnavailable.causedBy(new IllegalStateException("wrapped",
				new SQLException("An I/O error occurred while sending to the backend.", "08006"))))
			.isTrue();
		assertThat(DatabaseUnavailable.causedBy(
				new DataIntegrityViolationException("duplicate key", new SQLException("duplicate key value", "23505"))))
			.isFalse();
		assertThat(DatabaseUnavailable.causedBy(new IllegalStateException("bug"))).isFalse();
	}

	@Test
	void aHandlerThatCannotReachTheDatabaseAnswers503WithRetryAfter() {
		ResponseEntity<ProblemDetail> answer = new ProblemDetailsAdvice().unexpected(NO_CONNECTION);
		assertThat(answer.getStatusCode().value()).isEqualTo(503);
		assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("5");
		assertThat(answer.getBody().getType().toString()).endsWith("/database-unavailable");
	}

	@Test
	void aFilterThatCannotReachTheDatabaseAnswers503AndOtherFailuresPassThrough() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		new DatabaseUnavailable().doFilter(new MockHttpServletRequest("POST", "/api/v1/tickets"), response,
				(request, ignored) -> {
					throw NO_CONNECTION;
				});
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getHeader("Retry-After")).isEqualTo("5");
		assertThat(response.getContentType()).startsWith("application/problem+json");
		assertThat(response.getContentAsString()).contains("database-unavailable");

		assertThatThrownBy(() -> new DatabaseUnavailable().doFilter(new MockHttpServletRequest("GET", "/"),
				new MockHttpServletResponse(), (request, ignored) -> {
					throw new ServletException("not the database");
				}))
			.isInstanceOf(ServletException.class);
	}

}
