package com.flowsupport.ticket.sla;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.flowsupport.ticket.sla.WorkingHours.Span;
import com.flowsupport.ticket.sla.WorkingHours.Window;

import static org.assertj.core.api.Assertions.assertThat;

class WorkingHoursTests {

	static final ZoneId UTC = ZoneId.of("UTC");

	static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

	static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

	@Test
	void calendarHoursRunAroundTheClock() {
		assertThat(WorkingHours.CALENDAR.plus(utc("2026-03-06T16:30"), minutes(24 * 60 + 90), List.of()))
			.isEqualTo(utc("2026-03-07T18:00"));
	}

	@Test
	void calendarHoursSkipPauses() {
		List<Span> pauses = List.of(new Span(utc("2026-03-02T10:30"), utc("2026-03-02T11:00")),
				new Span(utc("2026-03-02T08:00"), utc("2026-03-02T09:00")));
		assertThat(WorkingHours.CALENDAR.plus(utc("2026-03-02T10:00"), minutes(90), pauses))
			.isEqualTo(utc("2026-03-02T12:00"));
	}

	@Test
	void businessMinutesCarryOverNightToTheNextOpening() {
		assertThat(officeHours(UTC).plus(utc("2026-03-03T16:30"), minutes(60), List.of()))
			.isEqualTo(utc("2026-03-04T09:30"));
	}

	@Test
	void aTargetEndingAtClosingTimeIsDueAtClosingTime() {
		assertThat(officeHours(UTC).plus(utc("2026-03-03T16:00"), minutes(60), List.of()))
			.isEqualTo(utc("2026-03-03T17:00"));
	}

	@Test
	void weekendsAreSkipped() {
		WorkingHours office = officeHours(UTC);
		assertThat(office.plus(utc("2026-03-06T16:30"), minutes(60), List.of())).isEqualTo(utc("2026-03-09T09:30"));
		assertThat(office.plus(utc("2026-03-07T12:00"), minutes(30), List.of())).isEqualTo(utc("2026-03-09T09:30"));
		assertThat(office.plus(utc("2026-03-02T07:00"), minutes(3 * 8 * 60 + 60), List.of()))
			.isEqualTo(utc("2026-03-05T10:00"));
	}

	@Test
	void openingHoursAreLocalToTheTenantsZone() {
		// 08:30 in Berlin is 07:30 UTC in winter: the clock starts at 09:00 Berlin.
		assertThat(officeHours(BERLIN).plus(utc("2026-03-02T07:30"), minutes(60), List.of()))
			.isEqualTo(utc("2026-03-02T09:00"));
		// Friday 16:30 in New York is 21:30 UTC; the hour runs out on Monday at 09:30
		// there.
		assertThat(officeHours(NEW_YORK).plus(utc("2026-03-06T21:30"), minutes(60), List.of()))
			.isEqualTo(local("2026-03-09T09:30", NEW_YORK));
	}

	@Test
	void windowsKeepTheirWallClockTimesAcrossDaylightSavingChanges() {
		// Berlin moves to summer time on Sunday 2026-03-29: Friday closes at 16:00 UTC,
		// Monday opens at 07:00 UTC.
		assertThat(officeHours(BERLIN).plus(local("2026-03-27T16:00", BERLIN), minutes(120), List.of()))
			.isEqualTo(local("2026-03-30T10:00", BERLIN))
			.isEqualTo(utc("2026-03-30T08:00"));
	}

	@Test
	void aDayThatChangesItsOffsetIsAsLongAsItReallyIs() {
		WorkingHours sundays = WorkingHours.weekly(BERLIN,
				Map.of(DayOfWeek.SUNDAY, List.of(Window.parse("00:00", "24:00"))));
		// 2026-03-29 has 23 hours in Berlin, 2026-10-25 has 25.
		Instant springForward = local("2026-03-29T00:00", BERLIN);
		assertThat(sundays.plus(springForward, minutes(4 * 60), List.of())).isEqualTo(local("2026-03-29T05:00", BERLIN))
			.isEqualTo(springForward.plus(Duration.ofHours(4)));
		assertThat(sundays.plus(springForward, minutes(23 * 60 + 1), List.of()))
			.isEqualTo(local("2026-04-05T00:01", BERLIN));
		Instant fallBack = local("2026-10-25T00:00", BERLIN);
		assertThat(sundays.plus(fallBack, minutes(25 * 60), List.of())).isEqualTo(local("2026-10-26T00:00", BERLIN))
			.isEqualTo(fallBack.plus(Duration.ofHours(25)));
	}

	@Test
	void pausesCountOnlyTheBusinessHoursTheyCover() {
		WorkingHours office = officeHours(UTC);
		assertThat(office.plus(utc("2026-03-02T09:00"), minutes(120),
				List.of(new Span(utc("2026-03-02T09:30"), utc("2026-03-02T10:30")))))
			.isEqualTo(utc("2026-03-02T12:00"));
		// Paused from Monday 16:00 to Tuesday 10:00: one business hour on each side.
		assertThat(office.plus(utc("2026-03-02T15:00"), minutes(180),
				List.of(new Span(utc("2026-03-02T16:00"), utc("2026-03-03T10:00")))))
			.isEqualTo(utc("2026-03-03T12:00"));
		// A pause that ended before the clock started does not move it.
		assertThat(office.plus(utc("2026-03-03T09:00"), minutes(60),
				List.of(new Span(utc("2026-03-02T09:00"), utc("2026-03-02T17:00")))))
			.isEqualTo(utc("2026-03-03T10:00"));
	}

	@Test
	void splitAndOverlappingWindowsOfADayAreJoined() {
		WorkingHours lunchBreak = WorkingHours.weekly(UTC, Map.of(DayOfWeek.MONDAY, List
			.of(Window.parse("13:00", "17:00"), Window.parse("09:00", "12:00"), Window.parse("10:00", "11:00"))));
		assertThat(lunchBreak.plus(utc("2026-03-02T11:30"), minutes(60), List.of())).isEqualTo(utc("2026-03-02T13:30"));
		assertThat(lunchBreak.plus(utc("2026-03-02T09:00"), minutes(7 * 60 + 1), List.of()))
			.isEqualTo(utc("2026-03-09T09:01"));
	}

	@Test
	void closingAt2359MeansOpenUntilMidnight() {
		Map<DayOfWeek, List<Window>> week = new EnumMap<>(DayOfWeek.class);
		week.put(DayOfWeek.MONDAY, List.of(Window.parse("00:00", "23:59")));
		week.put(DayOfWeek.TUESDAY, List.of(Window.parse("00:00", "23:59")));
		assertThat(WorkingHours.weekly(UTC, week).plus(utc("2026-03-02T23:30"), minutes(60), List.of()))
			.isEqualTo(utc("2026-03-03T00:30"));
	}

	@Test
	void aScheduleThatNeverOpensHasNoDueTime() {
		assertThat(WorkingHours.weekly(UTC, Map.of()).plus(utc("2026-03-02T09:00"), minutes(1), List.of())).isNull();
	}

	@Test
	void aYearLongTargetOnARarelyOpenScheduleIsQuick() {
		WorkingHours mondayMornings = WorkingHours.weekly(UTC,
				Map.of(DayOfWeek.MONDAY, List.of(Window.parse("09:00", "10:00"))));
		long started = System.nanoTime();
		assertThat(mondayMornings.plus(utc("2026-03-02T09:00"), minutes(365 * 24 * 60), List.of())).isNull();
		assertThat(mondayMornings.plus(utc("2026-03-02T09:00"), minutes(52 * 60), List.of()))
			.isEqualTo(utc("2027-02-22T10:00"));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
	}

	static WorkingHours officeHours(ZoneId zone) {
		Map<DayOfWeek, List<Window>> week = new EnumMap<>(DayOfWeek.class);
		for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
				DayOfWeek.FRIDAY)) {
			week.put(day, List.of(Window.parse("09:00", "17:00")));
		}
		return WorkingHours.weekly(zone, week);
	}

	static Duration minutes(long minutes) {
		return Duration.ofMinutes(minutes);
	}

	static Instant utc(String localDateTime) {
		return local(localDateTime, UTC);
	}

	static Instant local(String localDateTime, ZoneId zone) {
		return LocalDateTime.parse(localDateTime).atZone(zone).toInstant();
	}

}
