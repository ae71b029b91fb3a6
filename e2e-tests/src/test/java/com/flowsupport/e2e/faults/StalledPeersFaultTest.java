package com.flowsupport.e2e.faults;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.flowsupport.shared.test.ApiClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Peers that take a call and never answer: a language model and kb-service. Answers fall
 * back or fail fast within ai-rag-service's own time limits, the model's circuit opens so
 * callers stop waiting on it at all, threads do not pile up behind the stalled calls, and
 * tickets are still taken while the AI agent cannot help.
 */
class StalledPeersFaultTest {

	private static final Pattern LIVE_THREADS = Pattern.compile("(?m)^jvm_threads_live_threads(?:\\{[^}]*})? (\\S+)");

	private final Faults faults = Faults.get();

	@Test
	void aStalledLanguageModelFallsBackWithinItsTimeoutAndOpensTheCircuit() throws Exception {
		FaultTenant tenant = FaultTenant.signup(this.faults.gateway());
		tenant.suggestsPasswordAnswers();
		ApiClient customer = tenant.member("customer");
		this.faults.llm().resetAll();
		this.faults.llm()
			.stubFor(post(urlPathMatching(".*/chat/completions")).willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withBody("{}")
				.withFixedDelay((int) Faults.LLM_TIMEOUT.multipliedBy(5).toMillis())));
		// Whatever earlier cases left the circuit in, it lets calls through again by now.
		Faults.pause(Faults.LLM_OPEN_FOR);
		double threadsBefore = liveThreads();

		for (int i = 0; i < 6; i++) {
			Timed answer = ask(customer);
			assertThat(answer.response().status()).as(answer.response().body()).isEqualTo(200);
			assertThat(answer.response().json().get("abstained").asBoolean()).isFalse();
			assertThat(answer.response().json().get("generator").asString()).isEqualTo("extractive");
			assertThat(answer.took()).as("an answer while the model stalls")
				.isLessThan(Faults.LLM_TIMEOUT.plusSeconds(4));
		}
		int modelCalls = this.faults.llm().findAll(anyRequestedFor(anyUrl())).size();
		assertThat(modelCalls).as("calls that reached the stalled model before its circuit opened").isBetween(1, 5);

		List<Timed> burst = ask(customer, 8);
		assertThat(burst).allSatisfy((answer) -> {
			assertThat(answer.response().json().get("generator").asString()).isEqualTo("extractive");
			assertThat(answer.took()).as("an answer with the circuit open")
				.isLessThan(Faults.LLM_TIMEOUT.plusSeconds(3));
		});
		assertThat(this.faults.llm().findAll(anyRequestedFor(anyUrl()))).as("calls with the circuit open")
			.hasSize(modelCalls);
		assertThat(liveThreads()).as("ai-rag-service's live threads after the stalled calls")
			.isLessThan(threadsBefore + 10);
		this.faults.llm().resetAll();
	}

	@Test
	void aStalledKnowledgeBaseLeavesTicketsToHumansUntilItAnswersAgain() {
		FaultTenant tenant = FaultTenant.signup(this.faults.gateway());
		tenant.suggestsPasswordAnswers();
		ApiClient customer = tenant.member("customer");
		Writes.openThread(customer);
		this.faults.kbStalled();
		try {
			Instant asked = Instant.now();
			ApiClient.Response ticket = customer.post("/api/v1/tickets",
					Map.of("subject", "Forgot my password", "description", "How do I reset my password?"));
			assertThat(ticket.status()).as(ticket.body()).isEqualTo(201);
			assertThat(Duration.between(asked, Instant.now())).as("creating a ticket while kb-service stalls")
				.isLessThan(Duration.ofSeconds(3));
			String id = ticket.json().get("id").asString();

			asked = Instant.now();
			ApiClient.Response answer = customer.post("/api/v1/ai/answer",
					Map.of("question", "How do I reset my password?"));
			assertThat(answer.status()).as(answer.body()).isEqualTo(503);
			assertThat(answer.contentType()).startsWith("application/problem+json");
			assertThat(Duration.between(asked, Instant.now())).as("an answer while kb-service stalls")
				.isLessThan(Faults.PEER_TIMEOUT.plusSeconds(5));

			Faults.pause(Faults.PEER_TIMEOUT.multipliedBy(2));
			assertThat(this.faults.count("""
					SELECT count(*) FROM ticket.ticket_comment WHERE tenant_id = ? AND ticket_id = ?::uuid""",
					tenant.id(), id))
				.as("replies while the AI agent cannot reach the knowledge base")
				.isZero();
		}
		finally {
			this.faults.kbFlowing();
		}
		Writes.assertEachTicketAnsweredOnce(this.faults, tenant.id());
	}

	private static Timed ask(ApiClient customer) {
		Instant asked = Instant.now();
		ApiClient.Response response = customer.post("/api/v1/ai/answer",
				Map.of("question", "How do I reset my password?"));
		return new Timed(response, Duration.between(asked, Instant.now()));
	}

	/** The same question from several customers at once. */
	private static List<Timed> ask(ApiClient customer, int questions) throws Exception {
		try (ExecutorService askers = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<Timed>> answers = new ArrayList<>();
			for (int i = 0; i < questions; i++) {
				answers.add(askers.submit(() -> ask(customer)));
			}
			List<Timed> timed = new ArrayList<>();
			for (Future<Timed> answer : answers) {
				timed.add(answer.get());
			}
			return timed;
		}
	}

	private double liveThreads() throws Exception {
		HttpResponse<String> metrics = HttpClient.newHttpClient()
			.send(HttpRequest
				.newBuilder(URI.create(this.faults.platform().managementUrl("ai-rag-service") + "/prometheus"))
				.build(), HttpResponse.BodyHandlers.ofString());
		Matcher live = LIVE_THREADS.matcher(metrics.body());
		assertThat(live.find()).as("jvm_threads_live_threads in ai-rag-service's metrics").isTrue();
		return Double.parseDouble(live.group(1));
	}

	private record Timed(ApiClient.Response response, Duration took) {
	}

}
