package com.flowsupport.ticket;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param identityUrl where identity-service answers (user and group lookups)
 */
@ConfigurationProperties("flowsupport.ticket")
@Validated
public record TicketProperties(@DefaultValue("http://localhost:8081") URI identityUrl) {
}
