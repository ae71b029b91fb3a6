package com.flowsupport.ticket.privacy;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param interval pause between two runs of the retention job
 * @param batchSize tickets deleted per transaction; a run deletes batches until a tenant
 * has no more expired tickets
 */
@ConfigurationProperties("flowsupport.ticket.retention")
@Validated
record RetentionProperties(@DefaultValue("1h") Duration interval,
		@DefaultValue("200") @Min(1) @Max(10_000) int batchSize) {
}
