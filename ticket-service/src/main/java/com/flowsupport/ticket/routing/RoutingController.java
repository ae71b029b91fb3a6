package com.flowsupport.ticket.routing;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.CursorPage;
import com.flowsupport.shared.web.Cursors;
import com.flowsupport.shared.web.Problems;
import com.flowsupport.ticket.directory.IdentityDirectory;

/**
 * How each agent group takes its tickets. Staff read it; admins set it. A group never set
 * is {@code manual}.
 */
@RestController
@RequestMapping("/api/v1/routing/groups")
class RoutingController {

	private final RoutingRepository routing;

	private final IdentityDirectory directory;

	private final Clock clock;

	RoutingController(RoutingRepository routing, IdentityDirectory directory, Clock clock) {
		this.routing = routing;
		this.directory = directory;
		this.clock = clock;
	}

	record RoutingView(UUID groupId, String mode, @Nullable UUID updatedBy, @Nullable Instant updatedAt) {

		static RoutingView of(RoutingRepository.GroupRouting routing) {
			return new RoutingView(routing.groupId(), routing.mode().value(), routing.updatedBy(), routing.updatedAt());
		}

	}

	record ModeRequest(@NotBlank String mode) {
	}

	/** The groups whose mode was ever set, by group id. */
	@GetMapping
	@Transactional(readOnly = true)
	CursorPage<RoutingView> list(@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit) {
		UUID tenantId = requireStaff().requireTenantId();
		int size = Cursors.limit(limit);
		return CursorPage
			.fromLookahead(this.routing.page(tenantId, Cursors.decode(cursor, UUID.class), size + 1), size,
					RoutingRepository.GroupRouting::groupId)
			.map(RoutingView::of);
	}

	@GetMapping("/{groupId}")
	@Transactional(readOnly = true)
	RoutingView get(@PathVariable UUID groupId) {
		UUID tenantId = requireStaff().requireTenantId();
		return this.routing.find(tenantId, groupId)
			.map(RoutingView::of)
			.orElseGet(() -> new RoutingView(groupId, RoutingMode.MANUAL.value(), null, null));
	}

	/** Confirms the group with identity first, outside any transaction. */
	@PutMapping("/{groupId}")
	RoutingView set(@PathVariable UUID groupId, @Valid @RequestBody ModeRequest request) {
		CallerIdentity admin = Tenancy.requireRole(AppRole.ADMIN, AppRole.SUPER_ADMIN);
		RoutingMode mode = RoutingMode.parse(request.mode())
			.orElseThrow(() -> Problems.unprocessable(Map.of("mode", "must be manual or round_robin")));
		requireKnownGroup(groupId);
		return RoutingView
			.of(this.routing.save(admin.requireTenantId(), groupId, mode, admin.userId(), this.clock.instant()));
	}

	private void requireKnownGroup(UUID groupId) {
		try {
			if (this.directory.requireGroups().stream().noneMatch((group) -> group.id().equals(groupId))) {
				throw Problems.notFound("group");
			}
		}
		catch (IdentityDirectory.UnavailableException ex) {
			throw Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "directory-unavailable", "Directory unavailable",
					"identity-service cannot confirm the group now; try again shortly.");
		}
	}

	private static CallerIdentity requireStaff() {
		return Tenancy.requireRole(AppRole.AGENT, AppRole.ADMIN, AppRole.SUPER_ADMIN);
	}

}
