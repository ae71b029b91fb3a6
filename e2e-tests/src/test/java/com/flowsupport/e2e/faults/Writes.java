package com.flowsupport.e2e.faults;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.flowsupport.shared.test.ApiClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A customer writing tickets and comments at a steady rate through a fault, and what the
 * fault cases check afterwards by counting rows with raw SQL: nothing accepted is lost,
 * nothing is stored twice, a client retrying with the same {@code Idempotency-Key} ends
 * with one row per write, and every ticket's event reaches the AI agent once.
 */
final class Writes {

	private static final Duration INTERVAL = Duration.ofMillis(250);

	private final Faults faults;

	private final UUID tenant;

	private final ApiClient customer;

	private final String thread;

	private final SteadyWriter writer;

	private Writes(Faults faults, UUID tenant, ApiClient customer, String thread, SteadyWriter writer) {
		this.faults = faults;
		this.tenant = tenant;
		this.customer = customer;
		this.thread = thread;
		this.writer = writer;
	}

	/**
	 * A new tenant whose AI agent suggests answers, and a customer of it who starts
	 * writing a ticket or a comment four times a second.
	 */
	static Writes start(Faults faults) {
		FaultTenant tenant = FaultTenant.signup(faults.gateway());
		tenant.suggestsPasswordAnswers();
		ApiClient customer = tenant.member("customer");
		String thread = openThread(customer);
		SteadyWriter writer = new SteadyWriter(customer, INTERVAL, (n) -> ticketOrComment(n, thread)).start();
		return new Writes(faults, tenant.id(), customer, thread, writer);
	}

	UUID tenant() {
		return this.tenant;
	}

	ApiClient customer() {
		return this.customer;
	}

	/** The customer's ticket the comments go to. */
	String thread() {
		return this.thread;
	}

	/** Stops writing; returns what came of every write. */
	List<SteadyWriter.Attempt> stop() {
		return this.writer.stop();
	}

	/**
	 * A customer's ticket to comment on, once ticket-service takes writes (an earlier
	 * case may have left the gateway's circuit to it open for a few seconds).
	 */
	static String openThread(ApiClient customer) {
		ApiClient client = customer.withHeader("Idempotency-Key", UUID.randomUUID().toString());
		return await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> client.post("/api/v1/tickets",
					Map.of("subject", "Forgot my password (thread)", "description", "How do I reset my password?")),
					(response) -> response.status() == 201)
			.json()
			.get("id")
			.asString();
	}

	/**
	 * New tickets about passwords, alternating with customer comments on {@code thread}.
	 */
	private static SteadyWriter.Write ticketOrComment(int n, String thread) {
		String mark = "fault write " + n + " " + UUID.randomUUID();
		return (n % 2 == 0)
				? new SteadyWriter.Write("/api/v1/tickets",
						Map.of("subject", "Forgot my password (" + mark + ")", "description",
								"How do I reset my password? I cannot log in."),
						"Forgot my password (" + mark + ")")
				: new SteadyWriter.Write("/api/v1/tickets/" + thread + "/comments", Map.of("body", mark), mark);
	}

	/** How many rows hold what {@code write} created. */
	long stored(SteadyWriter.Write write) {
		return write.path().endsWith("/comments")
				? this.faults.count("SELECT count(*) FROM ticket.ticket_comment WHERE tenant_id = ? AND body = ?",
						this.tenant, write.mark())
				: this.faults.count("SELECT count(*) FROM ticket.ticket WHERE tenant_id = ? AND subject = ?",
						this.tenant, write.mark());
	}

	/**
	 * Every accepted write is stored exactly once and every other at most once (it may
	 * have committed without its answer reaching the client); then each is sent again
	 * with its key until accepted: accepted ones replay their first answer, and
	 * afterwards every write is stored exactly once.
	 */
	void assertExactlyOnce(List<SteadyWriter.Attempt> attempts) {
		assertThat(attempts).filteredOn(SteadyWriter.Attempt::accepted).isNotEmpty();
		for (SteadyWriter.Attempt attempt : attempts) {
			long rows = stored(attempt.write());
			if (attempt.accepted()) {
				assertThat(rows).as("rows of accepted %s", attempt.write().mark()).isOne();
			}
			else {
				assertThat(rows).as("rows of %s, answered %d", attempt.write().mark(), attempt.status())
					.isLessThanOrEqualTo(1);
			}
		}
		for (SteadyWriter.Attempt attempt : attempts) {
			SteadyWriter.Attempt retried = await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> SteadyWriter.retry(this.customer, attempt), SteadyWriter.Attempt::accepted);
			if (attempt.accepted()) {
				assertThat(retried.replayed()).as("a retry of an accepted write replays it").isTrue();
				assertThat(retried.id()).isEqualTo(attempt.id());
			}
			assertThat(stored(attempt.write())).as("rows of %s after its retry", attempt.write().mark()).isOne();
		}
	}

	/**
	 * Every ticket of the tenant raised one {@code ticket.created} event, and each
	 * reached the AI agent and was worked off exactly once: one job per event, done, and
	 * per ticket either one suggested reply or, where the AI abstained (for instance on a
	 * question asked before the knowledge base was embedded), one handover.
	 */
	void assertEachTicketAnsweredOnce() {
		assertEachTicketAnsweredOnce(this.faults, this.tenant);
	}

	/** The same for any tenant whose AI agent suggests answers. */
	static void assertEachTicketAnsweredOnce(Faults faults, UUID tenant) {
		assertThat(faults
			.count("""
					SELECT count(*) FROM ticket.ticket t WHERE t.tenant_id = ? AND (SELECT count(*)
						FROM ticket.outbox_event e WHERE e.type = 'ticket.created' AND e.payload->>'ticketId' = t.id::text) <> 1""",
					tenant))
			.as("tickets without exactly one ticket.created event")
			.isZero();
		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			assertThat(faults
				.count("""
						SELECT count(*) FROM ticket.outbox_event e WHERE e.tenant_id = ? AND e.type = 'ticket.created'
						AND NOT EXISTS (SELECT FROM rag.autoresponder_job j WHERE j.event_id = e.id AND j.status = 'done')""",
						tenant))
				.as("ticket.created events the autoresponder has not worked off")
				.isZero();
			assertThat(faults.count("""
					SELECT count(*) FROM ticket.ticket t WHERE t.tenant_id = ? AND (SELECT count(*)
						FROM ticket.ticket_comment c WHERE c.ticket_id = t.id AND c.body LIKE 'AI suggested reply%')
						+ (SELECT count(*) FROM rag.handoff h WHERE h.ticket_id = t.id) <> 1""", tenant))
				.as("tickets not handled exactly once (one suggested reply, or one handover when the AI abstained)")
				.isZero();
		});
		assertThat(faults.count("""
				SELECT count(*) FROM rag.autoresponder_job WHERE tenant_id = ?""", tenant))
			.isEqualTo(faults.count("SELECT count(*) FROM ticket.ticket WHERE tenant_id = ?", tenant));
	}

}
