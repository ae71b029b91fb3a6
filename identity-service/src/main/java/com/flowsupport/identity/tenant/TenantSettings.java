package com.flowsupport.identity.tenant;

import java.net.URI;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.IllformedLocaleException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A tenant's settings, stored as JSONB and always validated as a whole before they are
 * stored.
 *
 * @param locale default language of the help center and replies (BCP 47, e.g.
 * {@code en-US})
 * @param timeZone IANA zone for business hours and SLAs (e.g. {@code Europe/Berlin})
 * @param businessHours opening intervals per day; a day without intervals is closed
 * @param branding what customers see
 * @param features which parts of the product the tenant uses
 */
public record TenantSettings(String locale, String timeZone, Map<DayOfWeek, List<Interval>> businessHours,
		Branding branding, Features features) {

	private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{6}");

	static TenantSettings defaults() {
		Map<DayOfWeek, List<Interval>> hours = new EnumMap<>(DayOfWeek.class);
		for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
				DayOfWeek.FRIDAY)) {
			hours.put(day, List.of(new Interval("09:00", "17:00")));
		}
		return new TenantSettings("en-US", "UTC", hours, new Branding("#2563EB", null, null),
				new Features(true, true, false, false, true));
	}

	/** Every rule broken, by field path; empty when the settings are valid. */
	Map<String, String> violations() {
		Map<String, String> errors = new LinkedHashMap<>();
		if (this.locale == null || !validLocale(this.locale)) {
			errors.put("locale", "must be a BCP 47 language tag such as en-US");
		}
		if (this.timeZone == null || !validZone(this.timeZone)) {
			errors.put("timeZone", "must be an IANA time zone such as Europe/Berlin");
		}
		if (this.businessHours == null) {
			errors.put("businessHours", "is required (use {} for always closed)");
		}
		else {
			this.businessHours.forEach((day, intervals) -> {
				if (intervals == null) {
					errors.put("businessHours." + day, "must be a list of intervals");
					return;
				}
				for (int i = 0; i < intervals.size(); i++) {
					String problem = intervals.get(i).problem();
					if (problem != null) {
						errors.put("businessHours." + day + "[" + i + "]", problem);
					}
				}
			});
		}
		if (this.branding == null) {
			errors.put("branding", "is required");
		}
		else {
			if (this.branding.primaryColor() == null || !COLOR.matcher(this.branding.primaryColor()).matches()) {
				errors.put("branding.primaryColor", "must be a hex colour such as #2563EB");
			}
			if (this.branding.logoUrl() != null && !httpsUrl(this.branding.logoUrl())) {
				errors.put("branding.logoUrl", "must be an absolute https URL");
			}
			if (this.branding.widgetTitle() != null && this.branding.widgetTitle().length() > 80) {
				errors.put("branding.widgetTitle", "must be at most 80 characters");
			}
		}
		if (this.features == null) {
			errors.put("features", "is required");
		}
		return errors;
	}

	private static boolean validLocale(String tag) {
		try {
			Locale locale = new Locale.Builder().setLanguageTag(tag).build();
			return !locale.getLanguage().isEmpty();
		}
		catch (IllformedLocaleException ex) {
			return false;
		}
	}

	private static boolean validZone(String zone) {
		try {
			ZoneId.of(zone);
			return true;
		}
		catch (DateTimeException ex) {
			return false;
		}
	}

	private static boolean httpsUrl(String value) {
		try {
			URI uri = URI.create(value);
			return "https".equals(uri.getScheme()) && uri.getHost() != null && value.length() <= 2000;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/**
	 * @param open opening time, {@code HH:mm}
	 * @param close closing time, {@code HH:mm}, after {@code open}
	 */
	public record Interval(String open, String close) {

		@Nullable String problem() {
			try {
				if (this.open == null || this.close == null) {
					return "needs open and close";
				}
				return LocalTime.parse(this.open).isBefore(LocalTime.parse(this.close)) ? null
						: "close must be after open";
			}
			catch (DateTimeParseException ex) {
				return "times must be HH:mm";
			}
		}

	}

	/**
	 * @param primaryColor accent colour of the widget and help center
	 * @param logoUrl https URL of the logo, optional
	 * @param widgetTitle heading of the chat widget, optional
	 */
	public record Branding(String primaryColor, @Nullable String logoUrl, @Nullable String widgetTitle) {
	}

	/**
	 * @param ai the AI agent (answers, autoresponder, bot)
	 * @param email the email channel
	 * @param sms the SMS channel
	 * @param whatsapp the WhatsApp channel
	 * @param widget the chat widget
	 */
	public record Features(boolean ai, boolean email, boolean sms, boolean whatsapp, boolean widget) {
	}

}
