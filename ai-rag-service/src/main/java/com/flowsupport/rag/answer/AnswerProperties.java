package com.flowsupport.rag.answer;

import java.util.List;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How answers are made.
 *
 * @param allowedLinkHosts hosts an answer may link to besides the cited articles' own
 * (the help center's); every other link is reduced to its text
 * @param historyTurns how many earlier messages of a conversation a follow-up question is
 * read with
 */
@Validated
@ConfigurationProperties("flowsupport.rag.answer")
public record AnswerProperties(@DefaultValue("") @NotNull List<String> allowedLinkHosts,
		@DefaultValue("6") @Min(0) int historyTurns) {
}
