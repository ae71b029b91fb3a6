package com.flowsupport.ticket.privacy;

import java.time.Clock;
import java.util.Collections;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.flowsupport.shared.audit.AdminAudit;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.JsonReader;

/**
 * The tenant's ticket retention policy, for its admins: {@code {"closedTicketsDays":
 * 365}} deletes closed tickets a year after closing, {@code null} keeps them.
 */
@RestController
@RequestMapping("/api/v1/tickets/retention")
class RetentionController {

	static final int MAX_DAYS = 36_500;

	private final RetentionPolicies policies;

	private final Clock clock;

	private final AdminAudit audit;

	RetentionController(RetentionPolicies policies, Clock clock, AdminAudit audit) {
		this.policies = policies;
		this.clock = clock;
		this.audit = audit;
	}

	record PolicyResponse(@Nullable Integer closedTicketsDays, long version, @Nullable String updatedAt) {

		static PolicyResponse of(RetentionPolicy policy) {
			return new PolicyResponse(policy.closedTicketsDays(), policy.version(),
					(policy.updatedAt() != null) ? policy.updatedAt().toString() : null);
		}

	}

	@GetMapping
	@Transactional(readOnly = true)
	PolicyResponse get() {
		Tenancy.requireRole(AppRole.ADMIN);
		return PolicyResponse.of(this.policies.current());
	}

	@PutMapping
	@Transactional
	PolicyResponse put(@RequestBody(required = false) @Nullable JsonNode body) {
		CallerIdentity admin = Tenancy.requireRole(AppRole.ADMIN);
		JsonReader reader = new JsonReader(body, Set.of("closedTicketsDays"));
		if (!reader.has("closedTicketsDays")) {
			reader.reject("closedTicketsDays", "is required (a number of days, or null to keep closed tickets)");
		}
		Integer days = reader.integer("closedTicketsDays", 1, MAX_DAYS);
		reader.finish();
		RetentionPolicy saved = this.policies.save(days, admin.userId(), this.clock.instant());
		this.audit.record("ticket_retention.changed", "ticket_retention", null,
				Collections.singletonMap("closedTicketsDays", days));
		return PolicyResponse.of(saved);
	}

}
