package com.flowsupport.channel.email;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.mail.MessagingException;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import com.flowsupport.channel.channel.Channel;
import com.flowsupport.channel.channel.Channels;
import com.flowsupport.channel.conversation.Inbound;
import com.flowsupport.channel.conversation.InboundMessages;
import com.flowsupport.channel.conversation.Message;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.Problems;

/**
 * Takes in one raw email for a channel, whichever way it came (webhook, SES, SMTP):
 * parses it, finds the reply token in the address it was sent to, marks machine mail and
 * our own mail as ignored, and hands it to {@link InboundMessages}.
 */
@Component
class EmailReceiver {

	private final InboundMessages inbound;

	EmailReceiver(InboundMessages inbound) {
		this.inbound = inbound;
	}

	/**
	 * @return the stored message, or empty for a duplicate
	 */
	Optional<Message> receive(Channel channel, byte[] raw) {
		ParsedEmail email;
		try {
			email = EmailParser.parse(raw);
		}
		catch (MessagingException | IOException | RuntimeException ex) {
			throw Problems.of(HttpStatus.BAD_REQUEST, "invalid-email", "Invalid email",
					"The body is not a MIME message with a sender: " + ex.getMessage());
		}
		String address = channel.address();
		boolean loop = email.fromUs() || (address != null && email.from().equalsIgnoreCase(address));
		String ignore = loop ? "loop: sent by this help desk" : email.autoReason();
		Map<String, Object> headers = new LinkedHashMap<>();
		put(headers, "messageId", email.messageId());
		put(headers, "inReplyTo", email.inReplyTo());
		headers.put("references", email.references());
		headers.put("cc", email.cc());
		put(headers, "senderName", email.fromName());
		put(headers, "replyToken", replyToken(address, email));
		return Tenancy.callAs(CallerIdentity.service(channel.tenantId(), Channels.SERVICE_NAME),
				() -> this.inbound.receive(channel, new Inbound(email.messageId(), email.from(), email.fromName(),
						address, email.subject(), email.text(), email.attachments(), headers, ignore, null)));
	}

	/**
	 * The token of {@code local+token@domain} when the channel receives at
	 * {@code local@domain}.
	 */
	static @Nullable String replyToken(@Nullable String channelAddress, ParsedEmail email) {
		if (channelAddress == null) {
			return null;
		}
		int at = channelAddress.indexOf('@');
		String prefix = channelAddress.substring(0, at).toLowerCase(Locale.ROOT) + "+";
		String domain = channelAddress.substring(at).toLowerCase(Locale.ROOT);
		for (String recipient : email.recipients()) {
			if (recipient.startsWith(prefix) && recipient.endsWith(domain)) {
				String token = recipient.substring(prefix.length(), recipient.length() - domain.length());
				if (token.matches("[0-9a-f]{20}")) {
					return token;
				}
			}
		}
		return null;
	}

	private static void put(Map<String, Object> headers, String name, @Nullable Object value) {
		if (value != null) {
			headers.put(name, value);
		}
	}

}
