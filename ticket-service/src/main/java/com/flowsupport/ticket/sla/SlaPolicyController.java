package com.flowsupport.ticket.sla;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.flowsupport.shared.audit.AdminAudit;
import com.flowsupport.shared.events.Uuids;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.CursorPage;
import com.flowsupport.shared.web.Cursors;
import com.flowsupport.shared.web.ETags;
import com.flowsupport.shared.web.Problems;
import com.flowsupport.ticket.condition.ConditionParser;
import com.flowsupport.ticket.sla.SlaPolicyRepository.After;

/**
 * Admins define the tenant's SLA policies; agents read them (they see which policy a
 * ticket is under). A change applies to each ticket at its next update.
 */
@RestController
@RequestMapping("/api/v1/sla-policies")
class SlaPolicyController {

	private final SlaPolicyRepository policies;

	private final ConditionParser conditionParser;

	private final Clock clock;

	private final AdminAudit audit;

	SlaPolicyController(SlaPolicyRepository policies, ConditionParser conditionParser, Clock clock, AdminAudit audit) {
		this.policies = policies;
		this.conditionParser = conditionParser;
		this.clock = clock;
		this.audit = audit;
	}

	@GetMapping
	@Transactional(readOnly = true)
	CursorPage<SlaPolicy> list(@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor) {
		UUID tenantId = requireReader();
		int size = Cursors.limit(limit);
		List<SlaPolicy> rows = this.policies.page(tenantId, Cursors.decode(cursor, After.class), size + 1);
		return CursorPage.fromLookahead(rows, size, (policy) -> new After(policy.position(), policy.id()));
	}

	@GetMapping("/{id}")
	@Transactional(readOnly = true)
	ResponseEntity<SlaPolicy> get(@PathVariable UUID id) {
		SlaPolicy policy = find(requireReader(), id);
		return ResponseEntity.ok().eTag(ETags.of(policy.version())).body(policy);
	}

	@PostMapping
	@Transactional
	ResponseEntity<SlaPolicy> create(@RequestBody JsonNode body) {
		UUID tenantId = Tenancy.requireRole(AppRole.ADMIN).requireTenantId();
		SlaPolicyRequests.Draft draft = SlaPolicyRequests.create(body, this.conditionParser);
		Instant now = this.clock.instant();
		SlaPolicy policy = new SlaPolicy(Uuids.timeOrdered(), draft.name(), draft.description(),
				(draft.position() != null) ? draft.position() : this.policies.nextPosition(tenantId),
				draft.conditions(), draft.targets(), draft.businessHours(), 0, now, now);
		this.policies.insert(tenantId, policy);
		this.audit.record("sla_policy.created", "sla_policy", policy.id(), Map.of("name", policy.name()));
		return ResponseEntity.created(URI.create("/api/v1/sla-policies/" + policy.id()))
			.eTag(ETags.of(policy.version()))
			.body(policy);
	}

	@PatchMapping("/{id}")
	@Transactional
	ResponseEntity<SlaPolicy> update(@PathVariable UUID id, @RequestBody JsonNode body,
			@RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
		UUID tenantId = Tenancy.requireRole(AppRole.ADMIN).requireTenantId();
		SlaPolicy policy = find(tenantId, id);
		requireVersion(policy, ifMatch);
		SlaPolicyRequests.Draft draft = SlaPolicyRequests.patch(body, policy, this.conditionParser);
		this.policies.update(tenantId, new SlaPolicy(policy.id(), draft.name(), draft.description(),
				(draft.position() != null) ? draft.position() : policy.position(), draft.conditions(), draft.targets(),
				draft.businessHours(), policy.version(), policy.createdAt(), this.clock.instant()));
		this.audit.record("sla_policy.updated", "sla_policy", id, Map.of("name", draft.name()));
		SlaPolicy stored = find(tenantId, id);
		return ResponseEntity.ok().eTag(ETags.of(stored.version())).body(stored);
	}

	@DeleteMapping("/{id}")
	@Transactional
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable UUID id, @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
		UUID tenantId = Tenancy.requireRole(AppRole.ADMIN).requireTenantId();
		requireVersion(find(tenantId, id), ifMatch);
		this.policies.delete(tenantId, id);
		this.audit.record("sla_policy.deleted", "sla_policy", id, Map.of());
	}

	private SlaPolicy find(UUID tenantId, UUID id) {
		return this.policies.find(tenantId, id).orElseThrow(() -> Problems.notFound("SLA policy"));
	}

	private static UUID requireReader() {
		return Tenancy.requireRole(AppRole.AGENT, AppRole.ADMIN, AppRole.SUPER_ADMIN, AppRole.SERVICE)
			.requireTenantId();
	}

	private static void requireVersion(SlaPolicy policy, @Nullable String ifMatch) {
		Long expected = ETags.expectedVersion(ifMatch);
		if (expected != null && expected != policy.version()) {
			throw Problems.preconditionFailed();
		}
	}

}
