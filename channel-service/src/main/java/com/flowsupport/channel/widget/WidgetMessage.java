package com.flowsupport.channel.widget;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.flowsupport.channel.conversation.Message;

/**
 * A message as the visitor sees it.
 *
 * @param author customer, agent, bot or system
 * @param citations for bot answers: the articles the answer came from
 */
record WidgetMessage(UUID id, String author, String body, List<Map<String, Object>> citations, Instant createdAt) {

	@SuppressWarnings("unchecked")
	static WidgetMessage of(Message message) {
		Object citations = message.headers().get("citations");
		return new WidgetMessage(message.id(), message.author(), message.body(),
				(citations instanceof List<?> list) ? (List<Map<String, Object>>) list : List.of(),
				message.createdAt());
	}

}
