package com.flowsupport.shared.observability;

/**
 * The MDC keys of FlowSupport's log lines. {@code traceId} and {@code spanId} are the
 * ones Micrometer Tracing fills; the tenant is ours.
 */
public final class LogFields {

	public static final String TRACE_ID = "traceId";

	public static final String SPAN_ID = "spanId";

	public static final String TENANT_ID = "tenantId";

	private LogFields() {
	}

}
