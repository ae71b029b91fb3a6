package com.flowsupport.shared.web;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A request that failed because the database could not be reached (no connection within
 * the pool's timeout, or the connection broke) is a 503 problem with {@code Retry-After},
 * not a 500: the service is healthy and serves again by itself once its pool reconnects,
 * and a client retrying a write with its {@code Idempotency-Key} cannot store it twice.
 * As a filter it answers for failures raised in filters (the idempotency filter's
 * transaction); {@link ProblemDetailsAdvice} answers for handlers.
 */
public class DatabaseUnavailable extends OncePerRequestFilter {

	/** Seconds a client is told to wait before retrying. */
	static final String RETRY_AFTER_SECONDS = "5";

	/**
	 * Whether a failure, or any of its causes, means the database could not be reached.
	 */
	public static boolean causedBy(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof CannotCreateTransactionException || cause instanceof DataAccessResourceFailureException
					|| cause instanceof SQLTransientConnectionException) {
				return true;
			}
			// SQLSTATE class 08: connection exception.
			if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
				return true;
			}
		}
		return false;
	}

	static ProblemDetail problem() {
		ProblemDetail problem = Problems.detail(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable",
				"The service cannot reach its database at the moment; retry shortly.");
		problem.setType(Problems.type("database-unavailable"));
		return problem;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (ServletException | RuntimeException ex) {
			if (!causedBy(ex) || response.isCommitted()) {
				throw ex;
			}
			logger.warn("Database unavailable for " + request.getMethod() + " " + request.getRequestURI() + ": " + ex);
			response.reset();
			response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
			Problems.write(response, problem());
		}
	}

}
