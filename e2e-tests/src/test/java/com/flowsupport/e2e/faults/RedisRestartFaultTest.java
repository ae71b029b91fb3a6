package com.flowsupport.e2e.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import com.flowsupport.shared.test.ApiClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis goes away while a customer writes, and comes back empty (it keeps nothing on
 * disk): killed outright, and restarted the way an operator does. Redis is only a cache,
 * a rate limiter and the event streams' carrier here, so meanwhile every write is still
 * accepted and reads answer; afterwards the outbox relays re-publish what the lost
 * streams held, every event reaches its consumers and is acted on once, and the rate
 * limiter, the caches and the outbound delivery queue work again, with no service
 * restarted.
 */
class RedisRestartFaultTest {

	private final Faults faults = Faults.get();

	@Test
	void killedRedisComesBackEmptyAndNothingIsLostOrDoneTwice() {
		survivesOutage(PrivateRedis::kill);
	}

	@Test
	void restartedRedisComesBackEmptyAndNothingIsLostOrDoneTwice() {
		survivesOutage(PrivateRedis::stop);
	}

	private void survivesOutage(Consumer<PrivateRedis> stop) {
		try (SmtpPeer smtp = SmtpPeer.start(SmtpPeer.Mode.OK)) {
			OutboundDesk desk = OutboundDesk.email(this.faults, smtp);
			survivesOutageWhileWriting(stop);
			// The delivery queue (a Redis stream and its consumer group) is back too.
			String reply = desk.reply("after the outage " + UUID.randomUUID());
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> "sent".equals(OutboundDesk.status(this.faults, reply)));
			assertThat(smtp.accepted()).as("copies of the reply the mail server took")
				.filteredOn((mail) -> mail.contains(OutboundDesk.body(this.faults, reply)))
				.hasSize(1);
		}
	}

	private void survivesOutageWhileWriting(Consumer<PrivateRedis> stop) {
		Writes writes = Writes.start(this.faults);
		ApiClient customer = writes.customer();
		String slug = this.faults.column("SELECT slug FROM identity.tenant WHERE id = ?", writes.tenant())
			.get(0)
			.toString();
		awaitCached(customer, slug, writes.tenant());
		Faults.pause(Duration.ofSeconds(4));
		stop.accept(this.faults.redis());
		try {
			Faults.pause(Duration.ofSeconds(2));
			Instant asked = Instant.now();
			ApiClient.Response read = customer.get("/api/v1/tickets/" + writes.thread());
			assertThat(read.status()).as(read.body()).isEqualTo(200);
			ApiClient.Response search = customer.get("/api/v1/help/" + slug + "/search?q=reset+password");
			assertThat(search.status()).as("the help center without its cache: " + search.body()).isEqualTo(200);
			assertThat(search.json().get("items").size()).isPositive();
			assertThat(Duration.between(asked, Instant.now())).as("two reads while Redis is down")
				.isLessThan(Duration.ofSeconds(5));
			Faults.pause(Duration.ofSeconds(4));
		}
		finally {
			this.faults.redis().start();
		}
		Faults.pause(Duration.ofSeconds(3));
		List<SteadyWriter.Attempt> attempts = writes.stop();

		assertThat(attempts).as("writes while Redis was down or empty: Redis holds nothing a write needs")
			.allSatisfy((attempt) -> assertThat(attempt.status()).as(attempt.write().path()).isBetween(200, 299));
		writes.assertExactlyOnce(attempts);
		writes.assertEachTicketAnsweredOnce();
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			assertThat(this.faults.count("""
					SELECT count(*) FROM ticket.outbox_event e WHERE e.tenant_id = ? AND e.type = 'comment.created'
					AND NOT EXISTS (SELECT FROM channel.inbox_event i
						WHERE i.consumer = 'channel-replies' AND i.event_id = e.id)""", writes.tenant()))
				.as("comment.created events channel-service never took")
				.isZero();
		});
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(
					() -> assertThat(customer.get("/api/v1/tickets/" + writes.thread()).header("X-RateLimit-Remaining"))
						.as("the gateway counts requests again")
						.isNotNull());
		awaitCached(customer, slug, writes.tenant());
	}

	/** A help-center search leaves its answer in kb-service's cache in Redis. */
	private void awaitCached(ApiClient customer, String slug, UUID tenant) {
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			assertThat(customer.get("/api/v1/help/" + slug + "/search?q=reset+password").status()).isEqualTo(200);
			assertThat((List<?>) this.faults.redis().command("KEYS", "faults:kb:" + tenant + ":*"))
				.as("kb-service's cache entries of the tenant")
				.isNotEmpty();
		});
	}

}
