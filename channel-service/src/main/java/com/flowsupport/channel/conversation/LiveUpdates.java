package com.flowsupport.channel.conversation;

import java.util.UUID;

/** Pushes what happens in a conversation to whoever watches it live (the widget). */
public interface LiveUpdates {

	/**
	 * @return whether anyone was watching
	 */
	boolean publish(UUID tenantId, UUID conversationId, String event, Object payload);

}
