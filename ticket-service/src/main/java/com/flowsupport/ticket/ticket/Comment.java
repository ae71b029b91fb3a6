package com.flowsupport.ticket.ticket;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * A public reply or an internal note on a ticket.
 *
 * @param isPublic {@code false} for internal notes, which customers never see
 */
public record Comment(UUID id, UUID ticketId, @Nullable UUID authorId, String authorRole, String body,
		@JsonProperty("public") boolean isPublic, String channel, @Nullable String externalRef,
		List<Attachment> attachments, Instant createdAt) {

	/**
	 * Metadata of a file attached to a comment; the file itself lives elsewhere.
	 *
	 * @param sha256 hex SHA-256 of the file's bytes, when whoever attached it read them
	 * (channel-service for email attachments and Twilio/Meta media)
	 */
	public record Attachment(@NotBlank @Size(max = 255) String fileName, @NotBlank @Size(max = 255) String contentType,
			@PositiveOrZero long size, @Nullable @Size(max = 2048) String url,
			@Nullable @Pattern(regexp = "[0-9a-f]{64}") String sha256) {
	}

}
