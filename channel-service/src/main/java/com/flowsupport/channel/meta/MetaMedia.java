package com.flowsupport.channel.meta;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import com.flowsupport.channel.ChannelProperties;
import com.flowsupport.channel.channel.Channel;
import com.flowsupport.channel.conversation.MediaDownloads;
import com.flowsupport.channel.directory.Tickets;

/**
 * Media a WhatsApp customer sent through Meta: the Graph API describes a media id (its
 * URL, size and type), and the file is read from that URL with the channel's access
 * token, from Meta's media hosts only.
 */
@Component
class MetaMedia {

	private static final Logger log = LoggerFactory.getLogger(MetaMedia.class);

	private final RestClient graph;

	private final MediaDownloads downloads;

	private final List<String> hosts;

	MetaMedia(ChannelProperties properties, MediaDownloads downloads) {
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(properties.media().connectTimeout())
			.build());
		requests.setReadTimeout(Duration.ofSeconds(10));
		this.graph = RestClient.builder()
			.baseUrl(properties.metaGraphUrl().toString().replaceAll("/$", ""))
			.requestFactory(requests)
			.build();
		this.downloads = downloads;
		this.hosts = properties.mediaHosts().meta();
	}

	/** The media's metadata with its size and SHA-256, or why it was skipped. */
	Tickets.Attachment fetch(Channel channel, String mediaId, String fileName, String contentType) {
		if (!mediaId.matches("[0-9]{1,40}")) {
			return new Tickets.Attachment(fileName, contentType, 0, null, null, "not a media id");
		}
		String credentials = "Bearer " + channel.requireSecret("accessToken");
		try {
			JsonNode info = this.graph.get()
				.uri("/{mediaId}", mediaId)
				.header("Authorization", credentials)
				.retrieve()
				.body(JsonNode.class);
			String url = (info != null) ? info.path("url").asString(null) : null;
			long size = (info != null) ? info.path("file_size").asLong(0) : 0;
			return this.downloads.fetch(new Tickets.Attachment(fileName, contentType, size, url), this.hosts,
					credentials);
		}
		catch (RestClientException ex) {
			log.warn("Meta did not describe media {}: {}", mediaId, ex.getMessage());
			return new Tickets.Attachment(fileName, contentType, 0, null, null, "Meta did not describe it");
		}
	}

}
