package com.flowsupport.rag.peer;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.client.HttpClientErrorException;

import com.flowsupport.shared.web.Problems;

/**
 * A peer that cannot answer (kb-service, ticket-service) makes the request a 503 problem:
 * an answer that could not be grounded is not an answer. A peer that refuses what it was
 * asked for the caller (a 403 for an audience beyond the caller's reach, a 422 for a
 * value it does not take) makes it a problem of the same status, with the peer's reason.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class PeerProblems {

	@ExceptionHandler(PeerUnavailableException.class)
	ResponseEntity<ProblemDetail> unavailable(PeerUnavailableException ex) {
		ProblemDetail problem = Problems.detail(HttpStatus.SERVICE_UNAVAILABLE, "AI unavailable",
				"A service the answer depends on cannot be reached right now; try again shortly.");
		problem.setType(Problems.type("ai-unavailable"));
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5").body(problem);
	}

	@ExceptionHandler(HttpClientErrorException.class)
	ResponseEntity<ProblemDetail> refused(HttpClientErrorException ex) {
		HttpStatus status = HttpStatus.resolve(ex.getStatusCode().value());
		if (status == null) {
			status = HttpStatus.BAD_GATEWAY;
		}
		ProblemDetail peer = peerProblem(ex);
		String reason = (peer != null && peer.getDetail() != null) ? " " + peer.getDetail() : "";
		ProblemDetail problem = Problems.detail(status, status.getReasonPhrase(),
				"A service the answer depends on refused the request." + reason);
		problem.setType(Problems.type("peer-refused"));
		Map<String, Object> properties = (peer != null) ? peer.getProperties() : null;
		if (properties != null && properties.get("errors") != null) {
			problem.setProperty("errors", properties.get("errors"));
		}
		return Problems.response(problem);
	}

	private static @Nullable ProblemDetail peerProblem(HttpClientErrorException ex) {
		try {
			return ex.getResponseBodyAs(ProblemDetail.class);
		}
		catch (RuntimeException notAProblem) {
			return null;
		}
	}

}
