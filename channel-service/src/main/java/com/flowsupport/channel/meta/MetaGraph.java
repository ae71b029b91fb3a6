package com.flowsupport.channel.meta;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import com.flowsupport.channel.ChannelProperties;
import com.flowsupport.channel.channel.Channel;
import com.flowsupport.channel.channel.Provider;
import com.flowsupport.channel.conversation.Conversation;
import com.flowsupport.channel.conversation.Message;
import com.flowsupport.channel.delivery.DeliveryException;
import com.flowsupport.channel.delivery.Sender;

/**
 * Meta's Graph API: sends WhatsApp messages.
 */
@Component
class MetaGraph implements Sender {

	private final RestClient graph;

	MetaGraph(ChannelProperties properties) {
		// HTTP/1.1: a first request that is a POST would lose its body in an h2c upgrade
		// against a plain-HTTP stand-in.
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(3))
			.build());
		requests.setReadTimeout(Duration.ofSeconds(10));
		String base = properties.metaGraphUrl().toString();
		this.graph = RestClient.builder()
			.baseUrl(base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
			.requestFactory(requests)
			.build();
	}

	@Override
	public Provider provider() {
		return Provider.META;
	}

	@Override
	public @Nullable String send(Channel channel, @Nullable Conversation conversation, Message message) {
		String to = (conversation != null) ? conversation.contact() : message.recipient();
		if (to == null) {
			throw new DeliveryException("The message has no recipient", false, null);
		}
		try {
			JsonNode sent = this.graph.post()
				.uri("/{phoneNumberId}/messages", channel.address())
				.headers((headers) -> headers.setBearerAuth(channel.requireSecret("accessToken")))
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("messaging_product", "whatsapp", "recipient_type", "individual", "to",
						to.replaceAll("[^0-9]", ""), "type", "text", "text",
						Map.of("preview_url", false, "body", message.body())))
				.retrieve()
				.body(JsonNode.class);
			return (sent != null) ? sent.path("messages").path(0).path("id").asString(null) : null;
		}
		catch (RestClientException ex) {
			throw DeliveryException.fromHttp("Meta", ex);
		}
	}

}
