package com.flowsupport.shared.observability;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One log line per request served: method, path (never the query, which may carry what a
 * customer typed), status and duration. It runs inside the request's observation, so the
 * line carries its trace and span ids, and it adds the tenant the request was
 * authenticated for ({@link TenantLogContextFilter}).
 */
class RequestLogFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger("com.flowsupport.request");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long started = System.nanoTime();
		try {
			chain.doFilter(request, response);
		}
		finally {
			if (log.isInfoEnabled()) {
				Object tenant = request.getAttribute(TenantLogContextFilter.TENANT_ATTRIBUTE);
				try (MDC.MDCCloseable ignored = (tenant != null)
						? MDC.putCloseable(LogFields.TENANT_ID, tenant.toString()) : null) {
					log.info("{} {} -> {} in {} ms", request.getMethod(), request.getRequestURI(), response.getStatus(),
							(System.nanoTime() - started) / 1_000_000);
				}
			}
		}
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

}
