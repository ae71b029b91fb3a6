package com.flowsupport.e2e.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.UrlPattern;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The providers replies go out through stall or fail: an SMTP server and Twilio's API
 * that take the connection and never answer, or answer "try later". Each attempt gives up
 * within channel-service's send timeout and is retried with backoff; a reply reaches the
 * provider exactly once when it recovers, or is failed and dead-lettered after the last
 * attempt; a stalled provider holds no more than its channel's share of sends, so another
 * tenant's replies go out meanwhile.
 */
class StalledOutboundPeersFaultTest {

	private static final String TWILIO_TOKEN = "fault-suite-twilio-token";

	private static final UrlPattern MESSAGES = urlPathMatching(".*/Messages.json");

	private final Faults faults = Faults.get();

	@Test
	void aStalledSmtpServerDelaysOnlyItsOwnRepliesWhichGoOutOnceItRecovers() {
		try (SmtpPeer stalled = SmtpPeer.start(SmtpPeer.Mode.STALLED);
				SmtpPeer healthy = SmtpPeer.start(SmtpPeer.Mode.OK)) {
			OutboundDesk slow = OutboundDesk.email(this.faults, stalled);
			OutboundDesk other = OutboundDesk.email(this.faults, healthy);
			List<String> replies = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				replies.add(slow.reply("stalled reply " + i + " " + UUID.randomUUID()));
			}
			Instant asked = Instant.now();
			String otherReply = other.reply("healthy reply " + UUID.randomUUID());

			await().atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> "sent".equals(status(otherReply)));
			assertThat(Duration.between(asked, Instant.now()))
				.as("another tenant's reply while this one's SMTP server stalls")
				.isLessThan(Duration.ofSeconds(10));
			assertThat(healthy.accepted()).filteredOn((mail) -> mail.contains(body(otherReply))).hasSize(1);

			// Every reply tried, each attempt given up after the timeout and tried again.
			await().atMost(Duration.ofSeconds(40))
				.pollInterval(Duration.ofMillis(500))
				.untilAsserted(() -> assertThat(replies).allSatisfy((reply) -> {
					assertThat(attempts(reply)).as("attempts of %s", reply).isGreaterThanOrEqualTo(2);
					assertThat(status(reply)).isEqualTo("queued");
				}));
			List<Instant> connections = stalled.connections();
			assertThat(connections).as("connections to the stalled server").hasSizeGreaterThanOrEqualTo(6);
			assertThat(stalled.mostOpenAtOnce()).as("sends held at once by the stalled server")
				.isLessThanOrEqualTo(Faults.SENDS_PER_CHANNEL);
			assertThat(reason(replies.get(0))).containsIgnoringCase("timed out");

			stalled.mode(SmtpPeer.Mode.OK);
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(500))
				.untilAsserted(() -> assertThat(replies)
					.allSatisfy((reply) -> assertThat(status(reply)).as("status of %s", reply).isEqualTo("sent")));
			for (String reply : replies) {
				assertThat(stalled.accepted()).as("copies of %s the server took", reply)
					.filteredOn((mail) -> mail.contains(body(reply)))
					.hasSize(1);
			}
		}
	}

	@Test
	void anSmtpServerThatKeepsRefusingDeadLettersTheReplyAfterItsLastAttempt() {
		try (SmtpPeer busy = SmtpPeer.start(SmtpPeer.Mode.BUSY)) {
			OutboundDesk desk = OutboundDesk.email(this.faults, busy);
			String reply = desk.reply("never accepted " + UUID.randomUUID());
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> "failed".equals(status(reply)));
			assertThat(attempts(reply)).isEqualTo(Faults.DELIVERY_ATTEMPTS);
			assertThat(busy.connections()).hasSize(Faults.DELIVERY_ATTEMPTS);
			assertThat(busy.accepted()).isEmpty();
			assertDeadLettered(reply);
		}
	}

	@Test
	void aStalledTwilioIsRetriedAndTheMessageSentOnceWhenItAnswers() {
		WireMockServer twilio = this.faults.twilio();
		twilio.resetAll();
		// Holds every request far beyond the send timeout: Twilio's answer never comes.
		twilio.stubFor(post(MESSAGES).willReturn(
				aResponse().withStatus(201).withFixedDelay((int) Faults.SEND_TIMEOUT.multipliedBy(10).toMillis())));
		OutboundDesk desk = OutboundDesk.sms(this.faults, TWILIO_TOKEN);
		String reply = desk.reply("sms while stalled " + UUID.randomUUID());
		Instant asked = Instant.now();

		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> attempts(reply) >= 2);
		assertThat(Duration.between(asked, Instant.now())).as("the first attempt given up and the second begun")
			.isLessThan(Faults.SEND_TIMEOUT.multipliedBy(2).plus(Faults.DELIVERY_BACKOFF).plusSeconds(5));
		assertThat(status(reply)).isEqualTo("queued");
		assertThat(reason(reply)).containsIgnoringCase("timed out");

		Instant recovered = Instant.now();
		twilio.resetMappings();
		twilio.stubFor(post(MESSAGES).willReturn(aResponse().withStatus(201)
			.withHeader("Content-Type", "application/json")
			.withBody(
					"{\"sid\": \"SM" + UUID.randomUUID().toString().replace("-", "") + "\", \"status\": \"queued\"}")));
		await().atMost(Duration.ofSeconds(40))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> "sent".equals(status(reply)));
		Faults.pause(Duration.ofSeconds(3));
		List<LoggedRequest> tries = requestsFor(twilio, reply);
		assertThat(tries).as("requests for the reply").hasSizeGreaterThanOrEqualTo(3);
		assertThat(tries).as("requests for the reply Twilio answered")
			.filteredOn((request) -> request.getLoggedDate().toInstant().isAfter(recovered))
			.hasSize(1);
		assertThat(status(reply)).isEqualTo("sent");
	}

	@Test
	void aTwilioAnswering5xxDeadLettersTheMessageAfterItsLastAttempt() {
		WireMockServer twilio = this.faults.twilio();
		twilio.resetAll();
		twilio.stubFor(post(MESSAGES)
			.willReturn(aResponse().withStatus(503).withFixedDelay(500).withBody("{\"message\": \"overloaded\"}")));
		OutboundDesk desk = OutboundDesk.sms(this.faults, TWILIO_TOKEN);
		String reply = desk.reply("sms never accepted " + UUID.randomUUID());
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> "failed".equals(status(reply)));
		assertThat(attempts(reply)).isEqualTo(Faults.DELIVERY_ATTEMPTS);
		assertThat(requestsFor(twilio, reply)).hasSize(Faults.DELIVERY_ATTEMPTS);
		assertDeadLettered(reply);
		twilio.resetAll();
	}

	private List<LoggedRequest> requestsFor(WireMockServer twilio, String message) {
		String form = body(message).replace(' ', '+');
		return twilio.findAll(postRequestedFor(MESSAGES))
			.stream()
			.filter((request) -> request.getBodyAsString().contains(form))
			.toList();
	}

	private String reason(String message) {
		return OutboundDesk.reason(this.faults, message);
	}

	private String status(String message) {
		return OutboundDesk.status(this.faults, message);
	}

	private long attempts(String message) {
		return OutboundDesk.attempts(this.faults, message);
	}

	private String body(String message) {
		return OutboundDesk.body(this.faults, message);
	}

	private void assertDeadLettered(String message) {
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			List<?> entries = (List<?>) this.faults.redis()
				.command("XRANGE", "faults:channel:deliveries:dead-letter", "-", "+");
			assertThat(entries.toString()).as("the dead-letter stream").contains(message);
		});
	}

}
