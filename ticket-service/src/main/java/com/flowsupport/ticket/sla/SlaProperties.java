package com.flowsupport.ticket.sla;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param scanInterval pause between two scans for overdue tickets; a breach is marked at
 * most this long after its due time (the breach time recorded is the due time itself)
 * @param scanBatchSize overdue tickets marked per scan round; a scan runs rounds until it
 * finds fewer
 */
@ConfigurationProperties("flowsupport.ticket.sla")
@Validated
record SlaProperties(@DefaultValue("30s") Duration scanInterval,
		@DefaultValue("200") @Min(1) @Max(10_000) int scanBatchSize) {
}
