package com.flowsupport.channel;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * ai-rag-service's chat API as channel-service expects it: a conversation per tenant
 * customer, answers streamed as server-sent {@code token} events, then one {@code answer}
 * event with citations.
 */
final class AiStandIn {

	static final String ANSWER = "Hold the reset button for ten seconds, then switch the printer off and on.";

	private AiStandIn() {
	}

	/**
	 * The bot of {@code conversationId} answers {@code question} from the knowledge base.
	 */
	static void answers(String conversationId, String question) {
		PeerStandIns.PEERS
			.stubFor(post(urlPathEqualTo("/ai/api/v1/ai/conversations")).withRequestBody(matchingJsonPath("$.channel"))
				.willReturn(okJson("{\"id\":\"" + conversationId + "\"}").withStatus(201)));
		StringBuilder stream = new StringBuilder(
				"event: message\ndata: {\"id\":\"0193a1b2-0000-7000-8000-00000000000a\",")
			.append("\"role\":\"customer\",\"body\":\"")
			.append(question)
			.append("\"}\n\n");
		for (String piece : ANSWER.split("(?<= )")) {
			stream.append("event: delta\ndata: {\"text\":\"").append(piece).append("\"}\n\n");
		}
		stream.append("event: answer\ndata: {\"answer\":\"")
			.append(ANSWER)
			.append("\",\"citations\":[{\"articleId\":")
			.append("\"0193a1b2-0000-7000-8000-000000000001\",\"title\":\"Resetting your printer\",")
			.append("\"url\":\"https://help.acme.test/articles/resetting-your-printer\",\"quote\":\"Hold the reset button\"}],")
			.append("\"confidence\":0.82,\"abstained\":false,\"reason\":null,\"generator\":\"extractive\"}\n\n")
			.append("event: done\ndata: {}\n\n");
		PeerStandIns.PEERS.stubFor(post(urlPathEqualTo("/ai/api/v1/ai/conversations/" + conversationId + "/messages"))
			.withHeader("Accept", containing("text/event-stream"))
			.withRequestBody(matchingJsonPath("$.text", equalTo(question)))
			.willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "text/event-stream")
				.withBody(stream.toString())
				.withChunkedDribbleDelay(8, 800)));
		PeerStandIns.PEERS.stubFor(post(urlPathEqualTo("/ai/api/v1/ai/conversations/" + conversationId + "/handoff"))
			.willReturn(okJson("{\"ticketId\":null,\"reason\":\"customer_asked\"}")));
	}

}
