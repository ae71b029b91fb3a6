package com.flowsupport.e2e.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.flowsupport.shared.test.ApiClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL crashes ({@code pg_ctl -m immediate}) while a customer writes, and comes
 * back: meanwhile the services answer with a problem instead of hanging, afterwards they
 * serve again on their own (their pools reconnect, no service is restarted), and nothing
 * they accepted is lost or stored twice.
 */
class PostgresRestartFaultTest {

	private final Faults faults = Faults.get();

	@Test
	void servicesAnswerProblemsWhilePostgresIsDownAndRecoverWithoutARestart() {
		Writes writes = Writes.start(this.faults);
		ApiClient customer = writes.customer();
		Faults.pause(Duration.ofSeconds(4));
		this.faults.postgres().crash();
		try {
			Instant asked = Instant.now();
			ApiClient.Response down = customer.get("/api/v1/tickets/" + writes.thread());
			assertThat(down.status()).as(down.body()).isEqualTo(503);
			assertThat(down.contentType()).startsWith("application/problem+json");
			assertThat(Duration.between(asked, Instant.now())).as("how long a request waits for the database")
				.isLessThan(Duration.ofSeconds(10));
		}
		finally {
			this.faults.postgres().start();
		}
		Faults.pause(Duration.ofSeconds(2));
		List<SteadyWriter.Attempt> attempts = writes.stop();

		assertThat(attempts).as("writes refused while PostgreSQL was down").anyMatch((attempt) -> !attempt.accepted());
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(
					() -> assertThat(customer.get("/api/v1/tickets/" + writes.thread()).status()).isEqualTo(200));
		writes.assertExactlyOnce(attempts);
		writes.assertEachTicketAnsweredOnce();
	}

}
