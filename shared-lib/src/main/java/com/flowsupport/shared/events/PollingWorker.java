package com.flowsupport.shared.events;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * A background loop on its own thread, started and stopped with the application context.
 * A cycle that reports more work runs again at once; otherwise the worker waits for
 * {@code idleWait} or until {@link #wake()}. A failing cycle is logged and retried with
 * exponential backoff, so a Redis or Postgres outage pauses the worker instead of killing
 * it.
 */
public abstract class PollingWorker implements SmartLifecycle {

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

	private final Logger log = LoggerFactory.getLogger(getClass());

	private final String name;

	private final Duration idleWait;

	private volatile boolean running;

	private @Nullable Thread thread;

	private final Semaphore wakeUp = new Semaphore(0);

	protected PollingWorker(String name, Duration idleWait) {
		this.name = name;
		this.idleWait = idleWait;
	}

	/**
	 * @return whether more work is waiting, so the next cycle should start at once
	 */
	protected abstract boolean runCycle() throws Exception;

	/** Ends the current idle wait, e.g. when new work has just been added. */
	public void wake() {
		this.wakeUp.release();
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		this.thread = Thread.ofPlatform().name(this.name).daemon().start(this::loop);
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		Thread current = this.thread;
		if (current != null) {
			current.interrupt();
			try {
				current.join(Duration.ofSeconds(10));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.thread = null;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void loop() {
		Duration backoff = Duration.ofMillis(100);
		while (this.running) {
			try {
				boolean more = runCycle();
				backoff = Duration.ofMillis(100);
				if (!more) {
					this.wakeUp.tryAcquire(this.idleWait.toMillis(), TimeUnit.MILLISECONDS);
					this.wakeUp.drainPermits();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (Exception ex) {
				if (!this.running) {
					return;
				}
				this.log.warn("{} failed, retrying in {} ms: {}", this.name, backoff.toMillis(), ex.toString());
				this.log.debug("{} failure", this.name, ex);
				try {
					Thread.sleep(backoff);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
				backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
			}
		}
	}

}
