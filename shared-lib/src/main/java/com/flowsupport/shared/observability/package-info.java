/**
 * What operators see of a running service: W3C trace context carried across HTTP calls
 * and events ({@link com.flowsupport.shared.observability.TraceContexts}), log lines
 * carrying trace, span and tenant ids, one request log line per served request, and Redis
 * command latencies.
 */
@NullMarked
package com.flowsupport.shared.observability;

import org.jspecify.annotations.NullMarked;
