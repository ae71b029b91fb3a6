package com.flowsupport.shared.web;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;

/**
 * Builds RFC 9457 problems. Generic HTTP failures keep {@code about:blank}; FlowSupport's
 * own problem kinds get a type URI under {@link #TYPE_BASE} so clients can branch on
 * them.
 */
public final class Problems {

	public static final String TYPE_BASE = "https://flowsupport.dev/problems/";

	private Problems() {
	}

	public static ProblemDetail detail(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return problem;
	}

	static ProblemDetail validation(String detail) {
		ProblemDetail problem = detail(HttpStatus.BAD_REQUEST, "Validation failed", detail);
		problem.setType(type("validation"));
		return problem;
	}

	public static URI type(String slug) {
		return URI.create(TYPE_BASE + slug);
	}

	public static ResponseEntity<ProblemDetail> response(ProblemDetail problem) {
		return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	/** Writes a problem from code that runs outside Spring MVC (servlet filters). */
	public static void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getOutputStream().write(ProblemJson.bytes(problem));
	}

	/** 404 without saying whether the resource exists in another tenant. */
	public static ErrorResponseException notFound(String resource) {
		return new ErrorResponseException(HttpStatus.NOT_FOUND,
				detail(HttpStatus.NOT_FOUND, "Not found", "No such " + resource + "."), null);
	}

	/**
	 * 422: the request is well formed but its content breaks a rule; names every
	 * offending field (same {@code errors} member as request validation failures).
	 */
	public static ErrorResponseException unprocessable(Map<String, String> fieldErrors) {
		ProblemDetail problem = detail(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid content",
				"Some fields break the rules for their values.");
		problem.setType(type("invalid-content"));
		problem.setProperty("errors",
				fieldErrors.entrySet()
					.stream()
					.map((error) -> new ProblemDetailsAdvice.FieldProblem(error.getKey(), error.getValue()))
					.toList());
		return new ErrorResponseException(HttpStatus.UNPROCESSABLE_CONTENT, problem, null);
	}

	/** 412: the client's {@code If-Match} names a version that is no longer current. */
	public static ErrorResponseException preconditionFailed() {
		return of(HttpStatus.PRECONDITION_FAILED, "stale-version", "Precondition failed",
				"The resource has changed since you read it; fetch it again and retry.");
	}

	public static ErrorResponseException of(HttpStatus status, String slug, String title, String detail) {
		ProblemDetail problem = detail(status, title, detail);
		problem.setType(type(slug));
		return new ErrorResponseException(status, problem, null);
	}

}
