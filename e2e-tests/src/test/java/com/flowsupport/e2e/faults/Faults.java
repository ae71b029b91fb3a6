package com.flowsupport.e2e.faults;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import com.flowsupport.e2e.RunningPlatform;
import com.flowsupport.shared.test.ApiClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * What the fault suite breaks: every service in its own JVM on a PostgreSQL cluster and a
 * Redis of the suite's own (so they can be crashed without touching the servers other
 * builds share), with ai-rag-service's language model and its way to kb-service behind
 * WireMock stand-ins the suite can stall. Started once per test JVM.
 */
final class Faults {

	/** ai-rag-service's time limit on one language-model call. */
	static final Duration LLM_TIMEOUT = Duration.ofSeconds(2);

	/** How long ai-rag-service's open circuit keeps calls from the language model. */
	static final Duration LLM_OPEN_FOR = Duration.ofSeconds(15);

	/** ai-rag-service's time limit on an answer from a peer such as kb-service. */
	static final Duration PEER_TIMEOUT = Duration.ofSeconds(3);

	/**
	 * channel-service's time limit on connecting to, and on each answer of, a provider.
	 */
	static final Duration SEND_TIMEOUT = Duration.ofSeconds(2);

	/** channel-service's wait before the second attempt of a send (doubled each time). */
	static final Duration DELIVERY_BACKOFF = Duration.ofSeconds(1);

	/** Attempts of a send before the message is failed and dead-lettered. */
	static final int DELIVERY_ATTEMPTS = 6;

	/** Sends one channel may have under way at once. */
	static final int SENDS_PER_CHANNEL = 2;

	private static Faults instance;

	private final PrivatePostgres postgres;

	private final PrivateRedis redis;

	private final WireMockServer llm;

	private final WireMockServer kb;

	private final WireMockServer twilio;

	private final RunningPlatform platform;

	private Faults() {
		this.postgres = PrivatePostgres.create(freePort());
		this.redis = PrivateRedis.start(freePort());
		this.llm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
		this.kb = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
		this.twilio = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
		this.llm.start();
		this.kb.start();
		this.twilio.start();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			this.llm.stop();
			this.kb.stop();
			this.twilio.stop();
		}, "stop-fault-stand-ins"));
		RunningPlatform.Infrastructure infrastructure = new RunningPlatform.Infrastructure(this.postgres.jdbcUrl(),
				PrivatePostgres.ADMIN, "", this.redis.url(), "faults:");
		this.platform = RunningPlatform.start(infrastructure, Map.of("gateway-service",
				// Writers in these tests send more than the e2e budget allows.
				List.of("--flowsupport.gateway.rate-limit.plans.standard.requests=100000"), "ai-rag-service",
				List.of("--flowsupport.rag.llm.provider=openai", "--flowsupport.rag.llm.base-url=" + this.llm.baseUrl(),
						"--flowsupport.rag.llm.api-key=fault-suite", "--flowsupport.rag.llm.max-attempts=1",
						"--flowsupport.rag.llm.timeout=" + LLM_TIMEOUT.toMillis() + "ms",
						"--flowsupport.rag.llm.open-for=" + LLM_OPEN_FOR.toMillis() + "ms",
						"--flowsupport.rag.kb-url=" + this.kb.baseUrl(),
						"--flowsupport.rag.read-timeout=" + PEER_TIMEOUT.toMillis() + "ms",
						// Long enough for autoresponder jobs to outlive a ticket-service
						// restart.
						"--flowsupport.rag.autoresponder.retry-backoff=5s"),
				"channel-service", List.of("--flowsupport.channel.twilio-api-url=" + this.twilio.baseUrl(),
						// Email channels send to the suite's SMTP stand-ins on 127.0.0.1.
						"--flowsupport.channel.internal-smtp-hosts=true",
						"--flowsupport.channel.sending.connect-timeout=" + SEND_TIMEOUT.toMillis() + "ms",
						"--flowsupport.channel.sending.read-timeout=" + SEND_TIMEOUT.toMillis() + "ms",
						"--flowsupport.channel.sending.per-channel=" + SENDS_PER_CHANNEL,
						"--flowsupport.channel.delivery.max-attempts=" + DELIVERY_ATTEMPTS,
						"--flowsupport.channel.delivery.initial-backoff=" + DELIVERY_BACKOFF.toMillis() + "ms",
						"--flowsupport.channel.delivery.max-backoff=4s")));
		kbFlowing();
	}

	static synchronized Faults get() {
		if (instance == null) {
			instance = new Faults();
		}
		return instance;
	}

	RunningPlatform platform() {
		return this.platform;
	}

	ApiClient gateway() {
		return this.platform.gateway();
	}

	PrivatePostgres postgres() {
		return this.postgres;
	}

	PrivateRedis redis() {
		return this.redis;
	}

	/**
	 * The language model ai-rag-service calls: with no stub it answers 404 at once (a
	 * broken provider, answers fall back to the extractive generator).
	 */
	WireMockServer llm() {
		return this.llm;
	}

	/** Twilio's API as channel-service sees it: with no stub it answers 404. */
	WireMockServer twilio() {
		return this.twilio;
	}

	/** Lets ai-rag-service's calls to kb-service through, untouched. */
	void kbFlowing() {
		this.kb.resetAll();
		this.kb.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(this.platform.url("kb-service"))));
	}

	/** Holds every call of ai-rag-service to kb-service for far longer than it waits. */
	void kbStalled() {
		this.kb.resetAll();
		this.kb.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(this.platform.url("kb-service"))
			.withFixedDelay((int) PEER_TIMEOUT.multipliedBy(4).toMillis())));
	}

	/**
	 * The first column of every row a query returns, as the database's superuser sees it.
	 */
	List<Object> column(String sql, Object... parameters) {
		try (Connection connection = this.postgres.admin();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				statement.setObject(i + 1, parameters[i]);
			}
			List<Object> values = new ArrayList<>();
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					values.add(rows.getObject(1));
				}
			}
			return values;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql, ex);
		}
	}

	long count(String sql, Object... parameters) {
		return ((Number) column(sql, parameters).get(0)).longValue();
	}

	static void pause(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
