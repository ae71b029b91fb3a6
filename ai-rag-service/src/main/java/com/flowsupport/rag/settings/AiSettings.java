package com.flowsupport.rag.settings;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A tenant's AI settings.
 *
 * @param mode the autoresponder: {@code off}, {@code suggest} (internal notes for agents)
 * or {@code auto} (public replies)
 * @param threshold answers whose confidence is below it are not given
 * @param channels the ticket channels the autoresponder answers on
 * @param tone tone and brand instructions for the language model
 * @param maxRepliesPerTicket automated replies on one ticket before the bot steps back
 * @param dailyLlmBudget language-model calls a day; past it, answers are extractive
 * @param agentUserId the user the bot's replies are posted as (an agent identity knows)
 * @param handoverGroupId the group tickets are handed to when the bot steps back
 */
public record AiSettings(String mode, double threshold, List<String> channels, @Nullable String tone,
		int maxRepliesPerTicket, int dailyLlmBudget, @Nullable UUID agentUserId, @Nullable UUID handoverGroupId,
		long version, @Nullable Instant updatedAt) {

	public static final String OFF = "off";

	public static final String SUGGEST = "suggest";

	public static final String AUTO = "auto";

	static final List<String> MODES = List.of(OFF, SUGGEST, AUTO);

	/** The channels customers write from that the bot answers unless told otherwise. */
	static final List<String> ALL_CHANNELS = List.of("api", "web", "email", "sms", "whatsapp", "chat", "voice");

	/**
	 * Before an admin chooses: the bot stays quiet; answers asked for directly abstain
	 * below a confidence the evaluation found to separate answerable questions from
	 * others.
	 */
	public static AiSettings defaults(double threshold) {
		return new AiSettings(OFF, threshold, List.of("web", "email", "chat", "whatsapp", "sms"), null, 2, 1000, null,
				null, 0, null);
	}

	public boolean answersOn(String channel) {
		return this.channels.contains(channel);
	}

}
