package com.flowsupport.ticket.view;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param countTtl how long a view's ticket count is reused before it is counted again: a
 * count may be this much behind the tickets (editing the view counts afresh at once)
 */
@ConfigurationProperties("flowsupport.ticket.views")
@Validated
record ViewProperties(@DefaultValue("30s") Duration countTtl) {
}
