package com.flowsupport.rag.conversation;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One message of a conversation.
 *
 * @param role {@code customer}, {@code assistant} or {@code system}
 * @param answerId the recorded answer an assistant message is (for feedback)
 */
public record Message(UUID id, String role, String body, @Nullable UUID answerId, Instant createdAt) {
}
