package com.flowsupport.rag.settings;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.flowsupport.shared.audit.AdminAudit;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.JsonReader;
import com.flowsupport.shared.web.Problems;

/** Reads and changes the AI settings of the tenant in scope. */
@Service
public class AiSettingsService {

	static final int TONE_MAX = 2_000;

	static final int MAX_REPLIES = 20;

	static final int BUDGET_MAX = 1_000_000;

	static final java.util.Set<String> FIELDS = java.util.Set.of("mode", "threshold", "channels", "tone",
			"maxRepliesPerTicket", "dailyLlmBudget", "agentUserId", "handoverGroupId");

	private final AiSettingsRepository settings;

	private final SettingsProperties properties;

	private final Clock clock;

	private final AdminAudit audit;

	AiSettingsService(AiSettingsRepository settings, SettingsProperties properties, Clock clock, AdminAudit audit) {
		this.settings = settings;
		this.properties = properties;
		this.clock = clock;
		this.audit = audit;
	}

	/** The tenant's settings, or the defaults while its admins have chosen none. */
	@Transactional(readOnly = true)
	public AiSettings current() {
		return this.settings.find(Tenancy.require().requireTenantId())
			.orElseGet(() -> AiSettings.defaults(this.properties.defaultThreshold()));
	}

	/** Changes the fields present in {@code body}; 412 when {@code expected} is stale. */
	@Transactional
	public AiSettings change(JsonNode body, @Nullable Long expected) {
		CallerIdentity caller = Tenancy.requireRole(AppRole.ADMIN, AppRole.SUPER_ADMIN);
		UUID tenantId = caller.requireTenantId();
		AiSettings before = current();
		if (expected != null && expected != before.version()) {
			throw Problems.preconditionFailed();
		}
		JsonReader in = new JsonReader(body, FIELDS);
		String mode = in.has("mode")
				? in.choice("mode", (value) -> AiSettings.MODES.stream().filter(value::equals).findFirst(),
						String.join(", ", AiSettings.MODES))
				: before.mode();
		double threshold = before.threshold();
		if (in.has("threshold")) {
			JsonNode node = body.get("threshold");
			if (!node.isNumber() || node.asDouble() < 0 || node.asDouble() > 1) {
				in.reject("threshold", "must be a number from 0 to 1");
			}
			else {
				threshold = node.asDouble();
			}
		}
		List<String> channels = before.channels();
		if (in.has("channels")) {
			channels = new ArrayList<>();
			for (String channel : in.strings("channels", AiSettings.ALL_CHANNELS.size())) {
				if (!AiSettings.ALL_CHANNELS.contains(channel)) {
					in.reject("channels", "must name channels of " + AiSettings.ALL_CHANNELS);
				}
				else if (!channels.contains(channel)) {
					channels.add(channel);
				}
			}
		}
		String tone = in.has("tone") ? in.text("tone", TONE_MAX, false) : before.tone();
		Integer maxReplies = in.has("maxRepliesPerTicket") ? in.integer("maxRepliesPerTicket", 0, MAX_REPLIES)
				: Integer.valueOf(before.maxRepliesPerTicket());
		Integer budget = in.has("dailyLlmBudget") ? in.integer("dailyLlmBudget", 0, BUDGET_MAX)
				: Integer.valueOf(before.dailyLlmBudget());
		UUID agent = in.has("agentUserId") ? in.uuid("agentUserId") : before.agentUserId();
		UUID group = in.has("handoverGroupId") ? in.uuid("handoverGroupId") : before.handoverGroupId();
		in.finish();
		AiSettings after = new AiSettings((mode != null) ? mode : before.mode(), threshold, List.copyOf(channels),
				blankToNull(tone), (maxReplies != null) ? maxReplies : before.maxRepliesPerTicket(),
				(budget != null) ? budget : before.dailyLlmBudget(), agent, group, before.version() + 1,
				this.clock.instant());
		if (!this.settings.save(tenantId, after, before.version(), caller.userId(), this.clock.instant())) {
			throw Problems.of(HttpStatus.CONFLICT, "concurrent-change", "Changed concurrently",
					"The settings were changed at the same time; read them again.");
		}
		this.audit.record("ai_settings.updated", "ai_settings", tenantId, Map.of("fields",
				List.copyOf(body.propertyNames()), "mode", after.mode(), "threshold", after.threshold()));
		return this.settings.find(tenantId).orElseThrow();
	}

	private static @Nullable String blankToNull(@Nullable String text) {
		return (text == null || text.isBlank()) ? null : text.strip();
	}

}
