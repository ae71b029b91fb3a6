package com.flowsupport.channel.email;

import java.util.List;

import org.jspecify.annotations.Nullable;

import com.flowsupport.channel.directory.Tickets;

/**
 * What an inbound email says, as far as routing needs it.
 *
 * @param recipients every address in To, Cc and Delivered-To
 * @param text the new text, quoted history and signature removed
 * @param autoReason why the message is machine-sent and must not be answered (an
 * auto-reply, a bounce, a list), if it is
 */
record ParsedEmail(@Nullable String messageId, String from, @Nullable String fromName, List<String> recipients,
		List<String> cc, @Nullable String subject, @Nullable String inReplyTo, List<String> references, String text,
		List<Tickets.Attachment> attachments, @Nullable String autoReason, boolean fromUs) {
}
