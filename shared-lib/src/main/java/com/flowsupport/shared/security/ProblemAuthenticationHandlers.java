package com.flowsupport.shared.security;

import org.springframework.http.HttpStatus;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import com.flowsupport.shared.web.Problems;

/**
 * 401 and 403 from the security filters, as RFC 9457 problems like every other failure.
 */
final class ProblemAuthenticationHandlers {

	private ProblemAuthenticationHandlers() {
	}

	static AuthenticationEntryPoint entryPoint() {
		return (request, response, ex) -> {
			response.setHeader("WWW-Authenticate", "Bearer");
			Problems.write(response,
					Problems.detail(HttpStatus.UNAUTHORIZED, "Unauthorized", "A valid access token is required."));
		};
	}

	static AccessDeniedHandler accessDeniedHandler() {
		return (request, response, ex) -> Problems.write(response,
				Problems.detail(HttpStatus.FORBIDDEN, "Forbidden", "Your role does not allow this action."));
	}

}
