package com.flowsupport.channel.conversation;

import java.util.Locale;

import com.flowsupport.channel.channel.Channel;
import com.flowsupport.shared.events.Uuids;

/** Message-IDs channel-service gives the mail it sends, on the channel's own domain. */
public final class EmailIds {

	private EmailIds() {
	}

	public static String newMessageId(Channel channel) {
		String address = (channel.address() != null) ? channel.address() : "mail@flowsupport.invalid";
		String domain = address.substring(address.indexOf('@') + 1).toLowerCase(Locale.ROOT);
		return "<" + Uuids.timeOrdered() + "@" + domain + ">";
	}

}
