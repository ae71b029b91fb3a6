package com.flowsupport.channel.conversation;

import com.flowsupport.channel.directory.Assistant;

/**
 * A bot answer as plain text for channels without rich messages (SMS, WhatsApp, email).
 */
final class BotReplies {

	private BotReplies() {
	}

	static String format(Assistant.Answer answer) {
		StringBuilder text = new StringBuilder(answer.text().strip());
		if (!answer.citations().isEmpty()) {
			text.append("\n\nSources:");
			for (Assistant.Citation citation : answer.citations()) {
				text.append("\n- ").append(citation.title());
				if (citation.url() != null) {
					text.append(" ").append(citation.url());
				}
			}
		}
		return text.toString();
	}

}
