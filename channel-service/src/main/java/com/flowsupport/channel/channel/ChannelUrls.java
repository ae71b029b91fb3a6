package com.flowsupport.channel.channel;

import org.springframework.stereotype.Component;

import com.flowsupport.channel.ChannelProperties;

/**
 * The public URLs of a channel, on the configured public base URL: providers sign and
 * call exactly these, so they never come from a request's Host header.
 */
@Component
public class ChannelUrls {

	private final String base;

	ChannelUrls(ChannelProperties properties) {
		String url = properties.publicBaseUrl().toString();
		this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

	public String webhook(Channel channel) {
		return switch (channel.provider()) {
			case SMTP -> this.base + "/webhooks/email/" + channel.routeKey();
			case TWILIO -> this.base + "/webhooks/twilio/" + channel.routeKey();
			case META -> this.base + "/webhooks/meta/" + channel.routeKey();
			case WIDGET -> this.base + "/widget/" + channel.routeKey();
		};
	}

	public String statusCallback(Channel channel) {
		return this.base + "/webhooks/twilio/" + channel.routeKey() + "/status";
	}

	String embedSnippet(Channel channel) {
		return "<script src=\"" + this.base + "/widget/widget.js\" data-widget-key=\"" + channel.routeKey()
				+ "\" async></script>";
	}

}
