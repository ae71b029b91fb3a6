package com.flowsupport.rag.peer;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import com.flowsupport.shared.web.Problems;

/**
 * A peer that cannot answer (kb-service, ticket-service) makes the request a 503 problem:
 * an answer that could not be grounded is not an answer.
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

}
