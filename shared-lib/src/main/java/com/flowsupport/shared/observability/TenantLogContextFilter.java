package com.flowsupport.shared.observability;

import java.io.IOException;
import java.util.UUID;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.web.filter.OncePerRequestFilter;

import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;

/**
 * Puts the authenticated caller's tenant into the MDC for the rest of the request, so
 * every log line the request causes names it. Runs after Spring Security has validated
 * the token; also leaves the tenant on the request for {@link RequestLogFilter}, which
 * logs after this filter has cleaned up.
 */
class TenantLogContextFilter extends OncePerRequestFilter {

	static final String TENANT_ATTRIBUTE = TenantLogContextFilter.class.getName() + ".tenant";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		UUID tenantId = Tenancy.current().map(CallerIdentity::tenantId).orElse(null);
		if (tenantId == null) {
			chain.doFilter(request, response);
			return;
		}
		request.setAttribute(TENANT_ATTRIBUTE, tenantId);
		try (MDC.MDCCloseable ignored = MDC.putCloseable(LogFields.TENANT_ID, tenantId.toString())) {
			chain.doFilter(request, response);
		}
	}

}
