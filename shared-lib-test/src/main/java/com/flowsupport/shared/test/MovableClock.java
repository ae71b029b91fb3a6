package com.flowsupport.shared.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.jspecify.annotations.Nullable;

/**
 * An application clock tests move instead of sleeping: either stopped at an instant until
 * told otherwise, or running with real time, shifted by however far the test moved it.
 */
public final class MovableClock extends Clock {

	private final @Nullable Instant stoppedAt;

	private volatile Instant base;

	private volatile Duration shift = Duration.ZERO;

	private MovableClock(@Nullable Instant stoppedAt) {
		this.stoppedAt = stoppedAt;
		this.base = (stoppedAt != null) ? stoppedAt : Instant.EPOCH;
	}

	/** A clock that shows {@code instant} until it is set or advanced. */
	public static MovableClock stoppedAt(Instant instant) {
		return new MovableClock(instant);
	}

	/** A clock that runs with real time, until it is set or advanced. */
	public static MovableClock running() {
		return new MovableClock(null);
	}

	/** Shows {@code instant} now (and, for a running clock, runs on from it). */
	public void set(Instant instant) {
		if (this.stoppedAt != null) {
			this.base = instant;
			this.shift = Duration.ZERO;
		}
		else {
			this.shift = Duration.between(Instant.now(), instant);
		}
	}

	/** Back to where it started: the first instant, or real time. */
	public void reset() {
		this.base = (this.stoppedAt != null) ? this.stoppedAt : Instant.EPOCH;
		this.shift = Duration.ZERO;
	}

	public void advance(Duration duration) {
		this.shift = this.shift.plus(duration);
	}

	@Override
	public Instant instant() {
		return ((this.stoppedAt != null) ? this.base : Instant.now()).plus(this.shift);
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

}
