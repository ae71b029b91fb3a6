package com.flowsupport.rag.settings;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param defaultThreshold the confidence below which a tenant whose admins chose no
 * threshold abstains (the evaluation's figures say where it separates answerable
 * questions from others)
 */
@Validated
@ConfigurationProperties("flowsupport.rag.settings")
public record SettingsProperties(
		@DefaultValue(SettingsProperties.DEFAULT_THRESHOLD) @DecimalMin("0") @DecimalMax("1") double defaultThreshold) {

	/** The threshold the answer evaluation supports (see eval/ai). */
	public static final String DEFAULT_THRESHOLD = "0.40";

}
