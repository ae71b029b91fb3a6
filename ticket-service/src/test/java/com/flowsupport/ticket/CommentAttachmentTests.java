package com.flowsupport.ticket;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;

import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.ServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** Attachments' metadata on comments keeps the file's SHA-256, and only a SHA-256. */
@ServiceIntegrationTest
class CommentAttachmentTests {

	private static final String SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

	@Value("${local.server.port}")
	int port;

	@Test
	void anAttachmentsDigestIsKeptWithTheComment() {
		TicketApi agent = TicketApi.as(this.port, UUID.randomUUID(), AppRole.AGENT);
		String id = agent.createOk(Map.of("subject", "Photo", "description", "See the photo")).get("id").asString();
		Map<String, Object> photo = Map.of("fileName", "media-1", "contentType", "image/jpeg", "size", 2700, "sha256",
				SHA256);
		assertThat(agent.comment(id, Map.of("body", "Photo attached", "public", true, "attachments", List.of(photo)))
			.status()).isEqualTo(201);
		JsonNode attachment = agent.get("/api/v1/tickets/" + id + "/comments")
			.json()
			.get("items")
			.valueStream()
			.filter((c) -> c.get("body").asString().equals("Photo attached"))
			.findFirst()
			.orElseThrow()
			.get("attachments")
			.get(0);
		assertThat(attachment.get("sha256").asString()).isEqualTo(SHA256);
		assertThat(attachment.get("size").asLong()).isEqualTo(2700);

		Map<String, Object> forged = Map.of("fileName", "x", "contentType", "text/plain", "size", 1, "sha256",
				"not-a-digest");
		ApiClient.Response refused = agent.comment(id,
				Map.of("body", "b", "public", true, "attachments", List.of(forged)));
		assertThat(refused.status()).isEqualTo(400);
	}

}
