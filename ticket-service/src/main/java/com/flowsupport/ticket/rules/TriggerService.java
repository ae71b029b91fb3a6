package com.flowsupport.ticket.rules;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.flowsupport.shared.audit.AdminAudit;
import com.flowsupport.shared.events.Uuids;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.Problems;
import com.flowsupport.ticket.condition.ConditionParser;
import com.flowsupport.ticket.condition.ConditionParser.Scope;
import com.flowsupport.ticket.condition.Conditions;
import com.flowsupport.ticket.field.CustomFields;
import com.flowsupport.shared.web.JsonReader;

/**
 * Admins define the tenant's triggers; agents read them to know what happens to tickets.
 */
@Service
class TriggerService {

	/**
	 * Every active trigger is evaluated on every ticket update, so their number is
	 * bounded.
	 */
	static final int MAX_TRIGGERS = 500;

	private static final Set<String> FIELDS = Set.of("name", "description", "active", "position", "conditions",
			"actions");

	private final TriggerRepository triggers;

	private final CustomFields customFields;

	private final JsonMapper json;

	private final ConditionParser conditions;

	private final Clock clock;

	private final AdminAudit audit;

	TriggerService(TriggerRepository triggers, CustomFields customFields, JsonMapper json, ConditionParser conditions,
			Clock clock, AdminAudit audit) {
		this.triggers = triggers;
		this.customFields = customFields;
		this.json = json;
		this.conditions = conditions;
		this.clock = clock;
		this.audit = audit;
	}

	@Transactional(readOnly = true)
	List<Trigger> page(@Nullable Boolean active, @Nullable ListPosition after, int limit) {
		UUID tenantId = Tenancy.requireRole(AppRole.AGENT, AppRole.ADMIN).requireTenantId();
		return this.triggers.page(tenantId, active, after, limit);
	}

	@Transactional(readOnly = true)
	Trigger get(UUID id) {
		Tenancy.requireRole(AppRole.AGENT, AppRole.ADMIN);
		return find(id);
	}

	@Transactional
	Trigger create(JsonNode body) {
		UUID tenantId = Tenancy.requireRole(AppRole.ADMIN).requireTenantId();
		JsonReader in = new JsonReader(body, FIELDS);
		RuleParser rules = new RuleParser(in, this.customFields, this.json);
		RuleParser.Header header = rules.header(body, null);
		Conditions conditions = this.conditions.read(body.get("conditions"), Scope.UPDATE, in);
		List<Action> actions = rules.actions(body.get("actions"), RuleParser.Use.TRIGGER);
		in.finish();
		if (this.triggers.count(tenantId) >= MAX_TRIGGERS) {
			throw Problems.of(HttpStatus.CONFLICT, "too-many-triggers", "Too many triggers",
					"A tenant has at most " + MAX_TRIGGERS + " triggers; delete unused ones first.");
		}
		Instant now = this.clock.instant();
		Trigger trigger = new Trigger(Uuids.timeOrdered(), header.name(), header.description(), header.active(),
				(header.position() != null) ? header.position() : this.triggers.nextPosition(tenantId), conditions,
				actions, 0, now, now);
		this.triggers.insert(tenantId, trigger);
		this.audit.record("trigger.created", "trigger", trigger.id(),
				Map.of("name", trigger.name(), "active", trigger.active()));
		return find(trigger.id());
	}

	/** Changes what the body names; conditions and actions are replaced as a whole. */
	@Transactional
	Trigger update(UUID id, JsonNode body, @Nullable Long expectedVersion) {
		UUID tenantId = Tenancy.requireRole(AppRole.ADMIN).requireTenantId();
		Trigger current = find(id);
		if (expectedVersion != null && expectedVersion != current.version()) {
			throw Problems.preconditionFailed();
		}
		JsonReader in = new JsonReader(body, FIELDS);
		RuleParser rules = new RuleParser(in, this.customFields, this.json);
		RuleParser.Header header = rules.header(body,
				new RuleParser.Header(current.name(), current.description(), current.active(), current.position()));
		Conditions conditions = body.has("conditions") ? this.conditions.read(body.get("conditions"), Scope.UPDATE, in)
				: current.conditions();
		List<Action> actions = body.has("actions") ? rules.actions(body.get("actions"), RuleParser.Use.TRIGGER)
				: current.actions();
		in.finish();
		this.triggers.update(tenantId,
				new Trigger(current.id(), header.name(), header.description(), header.active(),
						Objects.requireNonNull(header.position()), conditions, actions, current.version(),
						current.createdAt(), this.clock.instant()));
		this.audit.record("trigger.updated", "trigger", id, Map.of("name", header.name(), "active", header.active()));
		return find(id);
	}

	@Transactional
	void delete(UUID id) {
		UUID tenantId = Tenancy.requireRole(AppRole.ADMIN).requireTenantId();
		if (!this.triggers.delete(tenantId, id)) {
			throw Problems.notFound("Trigger");
		}
		this.audit.record("trigger.deleted", "trigger", id, Map.of());
	}

	private Trigger find(UUID id) {
		return this.triggers.find(Tenancy.require().requireTenantId(), id)
			.orElseThrow(() -> Problems.notFound("Trigger"));
	}

}
