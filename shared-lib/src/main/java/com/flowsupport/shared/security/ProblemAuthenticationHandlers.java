package com.flowsupport.shared.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import com.flowsupport.shared.web.Problems;

/**
 * 401 and 403 from the security filters, as RFC 9457 problems like every other failure.
 */
final class ProblemAuthenticationHandlers {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ProblemAuthenticationHandlers() {
	}

	static AuthenticationEntryPoint entryPoint() {
		return (request, response, ex) -> {
			response.setHeader("WWW-Authenticate", "Bearer");
			write(response,
					Problems.detail(HttpStatus.UNAUTHORIZED, "Unauthorized", "A valid access token is required."));
		};
	}

	static AccessDeniedHandler accessDeniedHandler() {
		return (request, response, ex) -> write(response,
				Problems.detail(HttpStatus.FORBIDDEN, "Forbidden", "Your role does not allow this action."));
	}

	private static void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getOutputStream().write(JSON.writeValueAsBytes(problem));
	}

}
