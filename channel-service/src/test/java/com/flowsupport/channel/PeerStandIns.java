package com.flowsupport.channel;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import com.flowsupport.shared.test.StandInProperties;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * The peers channel-service talks to, for every test context (registered through
 * {@code META-INF/spring.factories}): one WireMock server stands in for identity (service
 * tokens, customers), ticket-service (tickets and comments), ai-rag-service, Twilio and
 * Meta's Graph API, each under its own path; GreenMail is the SMTP server.
 */
public final class PeerStandIns {

	public static final String SERVICE_SECRET = "channel-test-secret";

	public static final WireMockServer PEERS = new WireMockServer(options().dynamicPort().globalTemplating(true));

	public static final GreenMail SMTP = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

	static {
		PEERS.start();
		SMTP.start();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			PEERS.stop();
			SMTP.stop();
		}));
		standardStubs();
	}

	private PeerStandIns() {
	}

	/** Identity issues tokens and knows no customer until channel-service creates one. */
	public static void standardStubs() {
		PEERS.stubFor(post(urlPathEqualTo("/identity/api/v1/auth/service-token")).atPriority(10)
			.withBasicAuth("channel-service", SERVICE_SECRET)
			.willReturn(okJson("{\"accessToken\":\"service:any\",\"expiresIn\":900,\"tokenType\":\"Bearer\"}")));
		PEERS.stubFor(get(urlPathEqualTo("/identity/api/v1/users")).atPriority(10)
			.willReturn(okJson("{\"items\":[],\"nextCursor\":null}")));
		PEERS.stubFor(post(urlPathEqualTo("/identity/api/v1/users")).atPriority(10)
			.willReturn(aResponse().withStatus(201)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"id\":\"{{randomValue type='UUID'}}\",\"email\":\"{{jsonPath request.body '$.email'}}\","
						+ "\"role\":\"customer\"}")));
		PEERS.stubFor(post(urlPathEqualTo("/tickets/api/v1/tickets")).atPriority(10)
			.willReturn(aResponse().withStatus(201)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"id\":\"{{randomValue type='UUID'}}\",\"number\":{{randomInt lower=1 upper=100000}},"
						+ "\"status\":\"new\"}")));
		PEERS.stubFor(post(urlPathMatching("/tickets/api/v1/tickets/[^/]+/comments")).atPriority(10)
			.willReturn(aResponse().withStatus(201)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"id\":\"{{randomValue type='UUID'}}\"}")));
	}

	public static String url(String path) {
		return PEERS.baseUrl() + path;
	}

	/** Points every test context at the stand-ins. */
	public static final class Registration extends StandInProperties {

		@Override
		protected Map<String, Object> properties() {
			return Map.ofEntries(Map.entry("flowsupport.service-token.identity-url", url("/identity")),
					Map.entry("flowsupport.service-token.client-name", "channel-service"),
					Map.entry("flowsupport.service-token.client-secret", SERVICE_SECRET),
					Map.entry("flowsupport.channel.ticket-url", url("/tickets")),
					Map.entry("flowsupport.channel.ai-url", url("/ai")),
					Map.entry("flowsupport.channel.twilio-api-url", url("/twilio")),
					Map.entry("flowsupport.channel.meta-graph-url", url("/graph/v21.0")),
					Map.entry("flowsupport.channel.public-base-url", "https://support.example.test"),
					Map.entry("flowsupport.channel.delivery.initial-backoff", "100ms"),
					Map.entry("flowsupport.channel.delivery.max-attempts", "3"),
					Map.entry("flowsupport.events.reclaim-idle", "2s"), Map.entry("spring.mail.host", "127.0.0.1"),
					// The dead-server case aims a channel's own SMTP host at
					// a closed local port.
					Map.entry("flowsupport.channel.internal-smtp-hosts", "true"),
					Map.entry("spring.mail.port", String.valueOf(SMTP.getSmtp().getPort())));
		}

	}

}
