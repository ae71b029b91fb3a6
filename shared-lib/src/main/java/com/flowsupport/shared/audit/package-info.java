/**
 * Admin actions of every service reach the tenant's tamper-evident audit log, which
 * identity-service keeps: {@link com.flowsupport.shared.audit.AdminAudit} records them as
 * {@code audit.recorded} events through the service's outbox.
 */
@NullMarked
package com.flowsupport.shared.audit;

import org.jspecify.annotations.NullMarked;
