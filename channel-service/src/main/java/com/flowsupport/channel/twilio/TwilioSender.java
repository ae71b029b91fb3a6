package com.flowsupport.channel.twilio;

import java.net.http.HttpClient;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientException;

import com.flowsupport.channel.ChannelProperties;
import com.flowsupport.channel.channel.Channel;
import com.flowsupport.channel.channel.ChannelType;
import com.flowsupport.channel.channel.ChannelUrls;
import com.flowsupport.channel.channel.Provider;
import com.flowsupport.channel.conversation.Conversation;
import com.flowsupport.channel.conversation.Message;
import com.flowsupport.channel.delivery.DeliveryException;
import com.flowsupport.channel.delivery.Sender;
import com.flowsupport.channel.delivery.SendingProperties;

/**
 * Sends SMS and WhatsApp messages through Twilio's Messages API, asking for status
 * callbacks on the channel's status URL. 5xx, 429 and unreachable are retried; other 4xx
 * (a bad number, bad credentials) fail the message.
 */
@Component
class TwilioSender implements Sender {

	private final RestClient twilio;

	private final ChannelUrls urls;

	private final Duration readTimeout;

	TwilioSender(ChannelProperties properties, SendingProperties sending, ChannelUrls urls) {
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(sending.connectTimeout()).build());
		requests.setReadTimeout(sending.readTimeout());
		this.readTimeout = sending.readTimeout();
		this.twilio = RestClient.builder()
			.baseUrl(properties.twilioApiUrl().toString())
			.requestFactory(requests)
			.build();
		this.urls = urls;
	}

	@Override
	public Provider provider() {
		return Provider.TWILIO;
	}

	@Override
	public @Nullable String send(Channel channel, @Nullable Conversation conversation, Message message) {
		String account = channel.setting("accountSid");
		String to = (conversation != null) ? conversation.contact() : message.recipient();
		if (account == null || to == null) {
			throw new DeliveryException("The channel has no account or the message no recipient", false, null);
		}
		boolean whatsapp = channel.type() == ChannelType.WHATSAPP;
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("To", whatsapp ? "whatsapp:" + to : to);
		String service = channel.setting("messagingServiceSid");
		if (service != null) {
			form.add("MessagingServiceSid", service);
		}
		else {
			form.add("From", whatsapp ? "whatsapp:" + channel.address() : channel.address());
		}
		form.add("Body", message.body());
		form.add("StatusCallback", this.urls.statusCallback(channel));
		long started = System.nanoTime();
		try {
			JsonNode created = this.twilio.post()
				.uri("/2010-04-01/Accounts/{account}/Messages.json", account)
				.headers((headers) -> headers.setBasicAuth(account, channel.requireSecret("authToken")))
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.body(form)
				.retrieve()
				.body(JsonNode.class);
			return (created != null && created.hasNonNull("sid")) ? created.get("sid").asString() : null;
		}
		catch (ResourceAccessException ex) {
			// The JDK client reports its read timeout as a cancelled request.
			if (Duration.ofNanos(System.nanoTime() - started).compareTo(this.readTimeout) >= 0) {
				throw new DeliveryException("Twilio timed out: no answer within " + this.readTimeout, true, ex);
			}
			throw DeliveryException.fromHttp("Twilio", ex);
		}
		catch (RestClientException ex) {
			throw DeliveryException.fromHttp("Twilio", ex);
		}
	}

}
