package com.flowsupport.channel.meta;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
import com.flowsupport.channel.conversation.MediaHosts;
import com.flowsupport.channel.conversation.Message;
import com.flowsupport.channel.delivery.DeliveryException;
import com.flowsupport.channel.delivery.Sender;
import com.flowsupport.channel.directory.Tickets;

/**
 * Meta's Graph API: sends WhatsApp messages and resolves media ids to their download URL,
 * which is kept only when it is on Meta's media hosts.
 */
@Component
class MetaGraph implements Sender {

	private static final Logger log = LoggerFactory.getLogger(MetaGraph.class);

	private final RestClient graph;

	private final List<String> mediaHosts;

	MetaGraph(ChannelProperties properties) {
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build());
		requests.setReadTimeout(Duration.ofSeconds(10));
		String base = properties.metaGraphUrl().toString();
		this.graph = RestClient.builder()
			.baseUrl(base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
			.requestFactory(requests)
			.build();
		this.mediaHosts = properties.mediaHosts().meta();
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

	/**
	 * A media attachment's metadata, with its URL when Graph gives one on Meta's hosts.
	 */
	Tickets.Attachment media(Channel channel, String mediaId, String fileName, String contentType) {
		if (!mediaId.matches("[0-9]{1,40}")) {
			return new Tickets.Attachment(fileName, contentType, 0, null);
		}
		try {
			JsonNode info = this.graph.get()
				.uri("/{mediaId}", mediaId)
				.headers((headers) -> headers.setBearerAuth(channel.requireSecret("accessToken")))
				.retrieve()
				.body(JsonNode.class);
			String url = (info != null) ? info.path("url").asString(null) : null;
			long size = (info != null) ? info.path("file_size").asLong(0) : 0;
			return new Tickets.Attachment(fileName, contentType, size,
					MediaHosts.allowed(url, this.mediaHosts) ? url : null);
		}
		catch (RestClientException ex) {
			log.warn("Meta did not describe media {}: {}", mediaId, ex.getMessage());
			return new Tickets.Attachment(fileName, contentType, 0, null);
		}
	}

}
