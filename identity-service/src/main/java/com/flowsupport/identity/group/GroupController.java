package com.flowsupport.identity.group;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Limit;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.flowsupport.identity.audit.AuditLog;
import com.flowsupport.identity.user.User;
import com.flowsupport.identity.user.UserRepository;
import com.flowsupport.shared.events.Uuids;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.CursorPage;
import com.flowsupport.shared.web.Cursors;
import com.flowsupport.shared.web.Problems;

/**
 * Agent groups and their members. Staff read them; admins change them. Membership reaches
 * the {@code groups} claim of an agent's access token at their next token refresh.
 */
@RestController
@RequestMapping("/api/v1/groups")
@Transactional
class GroupController {

	private final AgentGroupRepository groups;

	private final UserRepository users;

	private final JdbcTemplate jdbc;

	private final AuditLog audit;

	GroupController(AgentGroupRepository groups, UserRepository users, JdbcTemplate jdbc, AuditLog audit) {
		this.groups = groups;
		this.users = users;
		this.jdbc = jdbc;
		this.audit = audit;
	}

	@GetMapping
	@Transactional(readOnly = true)
	CursorPage<GroupView> list(@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor) {
		Tenancy.requireRole(AppRole.AGENT, AppRole.ADMIN, AppRole.SUPER_ADMIN, AppRole.SERVICE);
		int size = Cursors.limit(limit);
		return CursorPage
			.fromLookahead(this.groups.page(Cursors.decode(cursor, UUID.class), Limit.of(size + 1)), size,
					AgentGroup::getId)
			.map(this::view);
	}

	@GetMapping("/{id}")
	@Transactional(readOnly = true)
	GroupView get(@PathVariable UUID id) {
		Tenancy.requireRole(AppRole.AGENT, AppRole.ADMIN, AppRole.SUPER_ADMIN, AppRole.SERVICE);
		return view(find(id));
	}

	@PostMapping
	ResponseEntity<GroupView> create(@Valid @RequestBody GroupRequest request) {
		Tenancy.requireRole(AppRole.ADMIN, AppRole.SUPER_ADMIN);
		requireUniqueName(request.name(), null);
		AgentGroup group = this.groups.save(new AgentGroup(Uuids.timeOrdered(), Tenancy.require().requireTenantId(),
				request.name().trim(), request.description()));
		this.audit.record("group.created", "group", group.getId(), Map.of("name", group.getName()));
		return ResponseEntity.created(URI.create("/api/v1/groups/" + group.getId())).body(view(group));
	}

	@PatchMapping("/{id}")
	GroupView update(@PathVariable UUID id, @Valid @RequestBody GroupRequest request) {
		Tenancy.requireRole(AppRole.ADMIN, AppRole.SUPER_ADMIN);
		AgentGroup group = find(id);
		requireUniqueName(request.name(), id);
		group.update(request.name().trim(), request.description());
		return view(group);
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable UUID id) {
		Tenancy.requireRole(AppRole.ADMIN, AppRole.SUPER_ADMIN);
		this.groups.delete(find(id));
		this.audit.record("group.deleted", "group", id, Map.of());
	}

	@PutMapping("/{id}/members/{userId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void addMember(@PathVariable UUID id, @PathVariable UUID userId) {
		Tenancy.requireRole(AppRole.ADMIN, AppRole.SUPER_ADMIN);
		AgentGroup group = find(id);
		User user = this.users.findById(userId).orElseThrow(() -> Problems.notFound("user"));
		if (user.role() == AppRole.CUSTOMER) {
			throw Problems.unprocessable(Map.of("userId", "customers cannot join agent groups"));
		}
		this.jdbc.update("""
				INSERT INTO group_membership (tenant_id, group_id, user_id) VALUES (?, ?, ?)
				ON CONFLICT DO NOTHING""", Tenancy.require().requireTenantId(), group.getId(), userId);
		this.audit.record("group.member_added", "group", id, Map.of("userId", userId));
	}

	@DeleteMapping("/{id}/members/{userId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void removeMember(@PathVariable UUID id, @PathVariable UUID userId) {
		Tenancy.requireRole(AppRole.ADMIN, AppRole.SUPER_ADMIN);
		find(id);
		this.jdbc.update("DELETE FROM group_membership WHERE group_id = ? AND user_id = ?", id, userId);
		this.audit.record("group.member_removed", "group", id, Map.of("userId", userId));
	}

	private AgentGroup find(UUID id) {
		return this.groups.findById(id).orElseThrow(() -> Problems.notFound("group"));
	}

	private void requireUniqueName(String name, @Nullable UUID self) {
		this.groups.findByName(name.trim())
			.filter((existing) -> !existing.getId().equals(self))
			.ifPresent((existing) -> {
				throw Problems.of(HttpStatus.CONFLICT, "group-name-taken", "Name taken",
						"A group with this name exists.");
			});
	}

	private GroupView view(AgentGroup group) {
		List<Member> members = this.jdbc.query("""
				SELECT m.user_id, u.role, u.status FROM group_membership m JOIN app_user u ON u.id = m.user_id
				WHERE m.group_id = ? ORDER BY m.user_id""",
				(rs, row) -> new Member(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)), group.getId());
		return new GroupView(group.getId(), group.getName(), group.getDescription(),
				members.stream().map(Member::id).toList(), members, group.getCreatedAt());
	}

	record GroupRequest(@NotBlank @Size(max = 80) String name, @Nullable @Size(max = 500) String description) {
	}

	/**
	 * @param members the members' ids
	 * @param memberDetails the same members with their role and status, so that routing
	 * can tell who may take tickets without a lookup per member
	 */
	record GroupView(UUID id, String name, @Nullable String description, List<UUID> members, List<Member> memberDetails,
			Instant createdAt) {
	}

	record Member(UUID id, String role, String status) {
	}

}
