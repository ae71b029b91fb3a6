package com.flowsupport.e2e.faults;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.flowsupport.shared.test.ApiClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ticket-service killed with SIGKILL while a customer writes tickets and comments at a
 * steady rate, then started again: every write it acknowledged is there once, writes cut
 * off by the crash are there at most once and exactly once after the client's retries
 * with the same {@code Idempotency-Key}, and every {@code ticket.created} event still
 * reaches the AI agent once.
 */
class ServiceCrashFaultTest {

	private final Faults faults = Faults.get();

	@Test
	void killingTicketServiceMidWriteLosesAndDuplicatesNothing() {
		Writes writes = Writes.start(this.faults);
		ApiClient customer = writes.customer();
		Faults.pause(Duration.ofSeconds(5));
		this.faults.platform().kill("ticket-service");
		Faults.pause(Duration.ofSeconds(2));
		List<SteadyWriter.Attempt> attempts = writes.stop();
		this.faults.platform().restart("ticket-service");

		assertThat(attempts).as("writes refused while ticket-service was down")
			.anyMatch((attempt) -> !attempt.accepted());
		writes.assertExactlyOnce(attempts);
		writes.assertEachTicketAnsweredOnce();
	}

}
