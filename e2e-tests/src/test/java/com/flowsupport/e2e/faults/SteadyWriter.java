package com.flowsupport.e2e.faults;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import org.jspecify.annotations.Nullable;

import com.flowsupport.shared.test.ApiClient;

/**
 * A client writing at a steady rate whatever happens to the platform: each write is a
 * {@code POST} with an {@code Idempotency-Key} of its own, sent on its own thread (a
 * request stuck on a dead peer does not hold up the next one), and every outcome is kept
 * — the status, or none when the connection broke.
 */
final class SteadyWriter {

	private final ApiClient client;

	private final Duration interval;

	private final IntFunction<Write> writes;

	private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();

	private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();

	private final AtomicInteger sequence = new AtomicInteger();

	private final ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();

	/**
	 * @param writes the n-th write (from 0)
	 */
	SteadyWriter(ApiClient client, Duration interval, IntFunction<Write> writes) {
		this.client = client;
		this.interval = interval;
		this.writes = writes;
	}

	SteadyWriter start() {
		this.clock.scheduleAtFixedRate(() -> {
			Write write = this.writes.apply(this.sequence.getAndIncrement());
			String key = UUID.randomUUID().toString();
			this.senders.execute(() -> this.attempts.add(send(this.client, write, key)));
		}, 0, this.interval.toMillis(), TimeUnit.MILLISECONDS);
		return this;
	}

	/** Stops writing and waits for the answers still under way. */
	List<Attempt> stop() {
		this.clock.shutdownNow();
		this.senders.shutdown();
		try {
			if (!this.senders.awaitTermination(60, TimeUnit.SECONDS)) {
				throw new IllegalStateException("writes still unanswered a minute after the writer stopped");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		return List.copyOf(this.attempts);
	}

	/** Sends a write again with its key, as a client retrying after an error does. */
	static Attempt retry(ApiClient client, Attempt attempt) {
		return send(client, attempt.write(), attempt.key());
	}

	private static Attempt send(ApiClient client, Write write, String key) {
		try {
			ApiClient.Response response = client.withHeader("Idempotency-Key", key).post(write.path(), write.body());
			String id = (response.status() / 100 == 2) ? response.json().path("id").asString(null) : null;
			return new Attempt(write, key, response.status(), id,
					"true".equals(response.header("Idempotent-Replayed")));
		}
		catch (IllegalStateException ex) {
			return new Attempt(write, key, 0, null, false);
		}
	}

	/**
	 * One write.
	 *
	 * @param path where it is posted
	 * @param body its body
	 * @param mark the text that identifies what it created in the database
	 */
	record Write(String path, Map<String, Object> body, String mark) {
	}

	/**
	 * What came of one write.
	 *
	 * @param write the write
	 * @param key its idempotency key
	 * @param status the answer's status, 0 when none came
	 * @param id the id of what it created, when it was accepted
	 * @param replayed whether the answer was a stored one replayed
	 */
	record Attempt(Write write, String key, int status, @Nullable String id, boolean replayed) {

		boolean accepted() {
			return this.status / 100 == 2;
		}

	}

}
