package com.flowsupport.ticket.sla;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * When SLA clocks run: around the clock (calendar hours), or within a tenant's weekly
 * business hours in its time zone. Adds working time to an instant, skipping closed hours
 * and the spans during which a ticket's clocks were paused. Opening hours are local
 * times, so a window keeps its wall-clock times across daylight-saving changes and a day
 * that changes its offset is as long as it really is.
 */
final class WorkingHours {

	/**
	 * How far ahead a due time is looked for. A schedule open too rarely for a target to
	 * be reached within ten years has no due time: the clock never meaningfully runs out.
	 */
	static final int HORIZON_DAYS = 3660;

	static final WorkingHours CALENDAR = new WorkingHours(ZoneOffset.UTC,
			allDays(new Window(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT)));

	private final ZoneId zone;

	private final Map<DayOfWeek, List<Window>> week;

	private WorkingHours(ZoneId zone, Map<DayOfWeek, List<Window>> week) {
		this.zone = zone;
		this.week = week;
	}

	/**
	 * @param week opening windows per day; a day without windows is closed
	 */
	static WorkingHours weekly(ZoneId zone, Map<DayOfWeek, List<Window>> week) {
		Map<DayOfWeek, List<Window>> merged = new EnumMap<>(DayOfWeek.class);
		week.forEach((day, windows) -> merged.put(day, merge(windows)));
		return new WorkingHours(zone, merged);
	}

	/**
	 * The instant at which {@code amount} of working time has passed since {@code start},
	 * not counting closed hours nor the {@code paused} spans; {@code null} when that is
	 * beyond the {@link #HORIZON_DAYS horizon} (a schedule with no opening hours at all).
	 */
	@Nullable Instant plus(Instant start, Duration amount, List<Span> paused) {
		List<Span> pauses = paused.stream().sorted(Comparator.comparing(Span::from)).toList();
		int firstPause = 0;
		Duration remaining = amount;
		LocalDate firstDay = start.atZone(this.zone).toLocalDate();
		for (int offset = 0; offset < HORIZON_DAYS; offset++) {
			LocalDate day = firstDay.plusDays(offset);
			for (Window window : this.week.getOrDefault(day.getDayOfWeek(), List.of())) {
				Instant from = max(window.opensOn(day, this.zone), start);
				Instant to = window.closesOn(day, this.zone);
				while (firstPause < pauses.size() && !pauses.get(firstPause).to().isAfter(from)) {
					firstPause++;
				}
				Instant cursor = from;
				for (int p = firstPause; p < pauses.size() && cursor.isBefore(to); p++) {
					Span pause = pauses.get(p);
					if (!pause.from().isBefore(to)) {
						break;
					}
					if (pause.from().isAfter(cursor)) {
						Duration open = Duration.between(cursor, pause.from());
						if (remaining.compareTo(open) <= 0) {
							return cursor.plus(remaining);
						}
						remaining = remaining.minus(open);
					}
					cursor = max(cursor, pause.to());
				}
				if (cursor.isBefore(to)) {
					Duration open = Duration.between(cursor, to);
					if (remaining.compareTo(open) <= 0) {
						return cursor.plus(remaining);
					}
					remaining = remaining.minus(open);
				}
			}
		}
		return null;
	}

	private static Instant max(Instant a, Instant b) {
		return a.isAfter(b) ? a : b;
	}

	private static Map<DayOfWeek, List<Window>> allDays(Window window) {
		Map<DayOfWeek, List<Window>> week = new EnumMap<>(DayOfWeek.class);
		for (DayOfWeek day : DayOfWeek.values()) {
			week.put(day, List.of(window));
		}
		return week;
	}

	/** Sorted, with overlapping or touching windows joined. */
	private static List<Window> merge(List<Window> windows) {
		List<Window> sorted = windows.stream().sorted(Comparator.comparing(Window::open)).toList();
		List<Window> merged = new ArrayList<>();
		for (Window window : sorted) {
			@Nullable Window last = merged.isEmpty() ? null : merged.getLast();
			if (last != null && window.open().toSecondOfDay() <= last.closeSecond()) {
				if (window.closeSecond() > last.closeSecond()) {
					merged.set(merged.size() - 1, new Window(last.open(), window.close()));
				}
			}
			else {
				merged.add(window);
			}
		}
		return List.copyOf(merged);
	}

	/**
	 * An opening window within one day.
	 *
	 * @param open local opening time
	 * @param close local closing time, after {@code open}; {@link LocalTime#MIDNIGHT}
	 * means open until the day ends
	 */
	record Window(LocalTime open, LocalTime close) {

		Window {
			if (!close.equals(LocalTime.MIDNIGHT) && !open.isBefore(close)) {
				throw new IllegalArgumentException("A window closes after it opens: " + open + "-" + close);
			}
		}

		/**
		 * Reads {@code HH:mm} times. A close of {@code 24:00} or {@code 23:59} means the
		 * end of the day: identity-service's settings cannot say 24:00, and a tenant open
		 * around the clock should not see its clocks stop for a minute every midnight.
		 */
		static Window parse(String open, String close) {
			LocalTime closing = ("24:00".equals(close) || "23:59".equals(close)) ? LocalTime.MIDNIGHT
					: LocalTime.parse(close);
			return new Window(LocalTime.parse(open), closing);
		}

		/** {@code HH:mm} of the close, {@code 24:00} for the end of the day. */
		String closeText() {
			return this.close.equals(LocalTime.MIDNIGHT) ? "24:00" : this.close.toString();
		}

		int closeSecond() {
			return this.close.equals(LocalTime.MIDNIGHT) ? 24 * 3600 : this.close.toSecondOfDay();
		}

		Instant opensOn(LocalDate day, ZoneId zone) {
			return ZonedDateTime.of(day, this.open, zone).toInstant();
		}

		Instant closesOn(LocalDate day, ZoneId zone) {
			return this.close.equals(LocalTime.MIDNIGHT) ? day.plusDays(1).atStartOfDay(zone).toInstant()
					: ZonedDateTime.of(day, this.close, zone).toInstant();
		}

	}

	/** A half-open span of time, {@code [from, to)}: a pause of a ticket's clocks. */
	record Span(Instant from, Instant to) {

	}

}
