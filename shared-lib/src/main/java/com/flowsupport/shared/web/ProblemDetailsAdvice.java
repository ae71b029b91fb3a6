package com.flowsupport.shared.web;

import java.sql.SQLException;
import java.util.List;

import jakarta.validation.ConstraintViolationException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place where exceptions become RFC 9457 problems, for every service. Spring
 * MVC's own failures (404 for unknown paths, 405, 406, 415, unreadable bodies) come
 * through the base class; validation failures list the offending fields; anything
 * unexpected is logged and answered with a 500 that reveals nothing of the internals.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	@Override
	protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldProblem> fields = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> new FieldProblem(error.getField(), error.getDefaultMessage()))
			.toList();
		ProblemDetail problem = Problems.validation("The request has invalid fields.");
		problem.setProperty("errors", fields);
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
			HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldProblem> fields = ex.getParameterValidationResults()
			.stream()
			.flatMap((result) -> result.getResolvableErrors()
				.stream()
				.map((error) -> new FieldProblem(result.getMethodParameter().getParameterName(),
						error.getDefaultMessage())))
			.toList();
		ProblemDetail problem = Problems.validation("The request has invalid parameters.");
		problem.setProperty("errors", fields);
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = Problems.detail(HttpStatus.BAD_REQUEST, "Unreadable request body",
				"The request body is missing or is not valid JSON of the expected shape.");
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	@ExceptionHandler(ConstraintViolationException.class)
	ResponseEntity<ProblemDetail> constraintViolation(ConstraintViolationException ex) {
		List<FieldProblem> fields = ex.getConstraintViolations()
			.stream()
			.map((violation) -> new FieldProblem(violation.getPropertyPath().toString(), violation.getMessage()))
			.toList();
		ProblemDetail problem = Problems.validation("The request has invalid fields.");
		problem.setProperty("errors", fields);
		return Problems.response(problem);
	}

	@ExceptionHandler(OptimisticLockingFailureException.class)
	ResponseEntity<ProblemDetail> concurrentUpdate(OptimisticLockingFailureException ex) {
		return Problems.response(Problems.detail(HttpStatus.CONFLICT, "Concurrent update",
				"The resource was changed by someone else; fetch it again and retry."));
	}

	/**
	 * A constraint the database enforces (SQLState class 23: a duplicate, a missing
	 * reference) is a conflict with what is stored; a value it cannot store at all (class
	 * 22: a NUL character, a number or date out of range, text too long for its column)
	 * is a bad request, whatever the state.
	 */
	@ExceptionHandler(DataIntegrityViolationException.class)
	ResponseEntity<ProblemDetail> integrityViolation(DataIntegrityViolationException ex) {
		log.debug("Integrity violation", ex);
		String state = sqlState(ex);
		if (state != null && state.startsWith("22")) {
			return Problems.response(Problems.detail(HttpStatus.BAD_REQUEST, "Invalid value",
					"A value in the request cannot be stored: it holds a character that is not allowed (such as NUL), "
							+ "or is out of range or too long."));
		}
		return Problems.response(Problems.detail(HttpStatus.CONFLICT, "Conflict",
				"The request conflicts with the current state of the resource."));
	}

	private static @Nullable String sqlState(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && sql.getSQLState() != null) {
				return sql.getSQLState();
			}
		}
		return null;
	}

	/** Method security failures reach MVC before the security filters see them. */
	@ExceptionHandler(AccessDeniedException.class)
	ResponseEntity<ProblemDetail> accessDenied(AccessDeniedException ex) {
		return Problems
			.response(Problems.detail(HttpStatus.FORBIDDEN, "Forbidden", "Your role does not allow this action."));
	}

	@ExceptionHandler(AuthenticationException.class)
	ResponseEntity<ProblemDetail> unauthenticated(AuthenticationException ex) {
		return Problems
			.response(Problems.detail(HttpStatus.UNAUTHORIZED, "Unauthorized", "A valid access token is required."));
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		if (DatabaseUnavailable.causedBy(ex)) {
			log.warn("Database unavailable: {}", ex.toString());
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.header(HttpHeaders.RETRY_AFTER, DatabaseUnavailable.RETRY_AFTER_SECONDS)
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.body(DatabaseUnavailable.problem());
		}
		log.error("Unhandled exception", ex);
		return Problems.response(Problems.detail(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
				"The request could not be completed. It has been logged."));
	}

	/**
	 * @param field the JSON field or parameter
	 * @param message why it was rejected
	 */
	public record FieldProblem(String field, @Nullable String message) {
	}

}
