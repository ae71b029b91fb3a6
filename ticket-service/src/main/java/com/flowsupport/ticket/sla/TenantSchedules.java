package com.flowsupport.ticket.sla;

import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.flowsupport.shared.events.EventEnvelope;
import com.flowsupport.ticket.sla.WorkingHours.Window;
import com.flowsupport.shared.db.SqlValues;

/**
 * Each tenant's business hours, as identity-service (which owns tenant settings)
 * announces them in {@code tenant.created} and {@code tenant.updated}. A tenant not heard
 * of yet works in calendar hours.
 */
@Repository
class TenantSchedules {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	TenantSchedules(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/** The tenant's business hours, or calendar hours when none are known. */
	WorkingHours of(UUID tenantId) {
		return this.jdbc.sql("SELECT time_zone, business_hours FROM tenant_schedule WHERE tenant_id = ?")
			.param(tenantId)
			.query((rs, row) -> WorkingHours.weekly(ZoneId.of(rs.getString("time_zone")),
					week(this.json.readTree(rs.getString("business_hours")))))
			.optional()
			.orElse(WorkingHours.CALENDAR);
	}

	/**
	 * Keeps the schedule a tenant event carries. Events without one (a suspension) change
	 * nothing, and an event older than the stored schedule does not overwrite it:
	 * redeliveries may come out of order. A schedule that does not parse throws, so the
	 * event is retried and then parked in the dead-letter stream rather than lost.
	 */
	void remember(EventEnvelope event) {
		JsonNode data = event.data();
		JsonNode zone = data.get("timeZone");
		JsonNode hours = data.get("businessHours");
		if (zone == null || hours == null || zone.isNull() || hours.isNull()) {
			return;
		}
		ZoneId zoneId = ZoneId.of(zone.asString());
		Map<DayOfWeek, List<Window>> week = week(hours);
		this.jdbc.sql("""
				INSERT INTO tenant_schedule (tenant_id, time_zone, business_hours, changed_at)
				VALUES (?, ?, ?::jsonb, ?)
				ON CONFLICT (tenant_id) DO UPDATE SET time_zone = excluded.time_zone,
					business_hours = excluded.business_hours, changed_at = excluded.changed_at
				WHERE tenant_schedule.changed_at <= excluded.changed_at""")
			.params(event.tenantId(), zoneId.getId(), this.json.writeValueAsString(stored(week)),
					SqlValues.time(event.occurredAt()))
			.update();
	}

	/**
	 * Reads {@code {"MONDAY": [{"open": "09:00", "close": "17:00"}], ...}}; day names in
	 * any case.
	 */
	private static Map<DayOfWeek, List<Window>> week(JsonNode hours) {
		if (!hours.isObject()) {
			throw new IllegalArgumentException("businessHours must be an object of days");
		}
		Map<DayOfWeek, List<Window>> week = new EnumMap<>(DayOfWeek.class);
		for (Map.Entry<String, JsonNode> day : hours.properties()) {
			List<Window> windows = new ArrayList<>();
			for (JsonNode interval : day.getValue().values()) {
				windows.add(Window.parse(interval.required("open").asString(), interval.required("close").asString()));
			}
			week.put(DayOfWeek.valueOf(day.getKey().toUpperCase(Locale.ROOT)), windows);
		}
		return week;
	}

	private static Map<String, List<Map<String, String>>> stored(Map<DayOfWeek, List<Window>> week) {
		Map<String, List<Map<String, String>>> stored = new LinkedHashMap<>();
		week.forEach((day, windows) -> stored.put(day.name(),
				windows.stream()
					.map((window) -> Map.of("open", window.open().toString(), "close", window.closeText()))
					.toList()));
		return stored;
	}

}
