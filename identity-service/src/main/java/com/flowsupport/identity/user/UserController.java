package com.flowsupport.identity.user;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
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

import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.web.CursorPage;
import com.flowsupport.shared.web.Cursors;
import com.flowsupport.shared.web.ETags;
import com.flowsupport.shared.web.Problems;

@RestController
@RequestMapping("/api/v1/users")
class UserController {

	private final UserService users;

	private final UserRepository repository;

	UserController(UserService users, UserRepository repository) {
		this.users = users;
		this.repository = repository;
	}

	@GetMapping("/me")
	ResponseEntity<UserView> me() {
		User user = this.users.me();
		return ResponseEntity.ok().eTag(ETags.of(user.getVersion())).body(view(user));
	}

	@PostMapping("/me/password")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void changePassword(@Valid @RequestBody PasswordChange request) {
		this.users.changePassword(request.currentPassword(), request.newPassword());
	}

	@GetMapping
	CursorPage<UserView> list(@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable String role,
			@RequestParam(required = false) @Nullable String email) {
		int size = Cursors.limit(limit);
		return CursorPage
			.fromLookahead(this.users.page(Cursors.decode(cursor, UUID.class), parseRole(role), email, size + 1), size,
					User::getId)
			.map(this::view);
	}

	@PostMapping
	ResponseEntity<UserView> create(@Valid @RequestBody NewUser request) {
		User user = this.users.create(request.email(), request.name(), parseRequiredRole(request.role()),
				request.password());
		return ResponseEntity.created(URI.create("/api/v1/users/" + user.getId()))
			.eTag(ETags.of(user.getVersion()))
			.body(view(user));
	}

	@GetMapping("/{id}")
	ResponseEntity<UserView> get(@PathVariable UUID id) {
		User user = this.users.get(id);
		return ResponseEntity.ok().eTag(ETags.of(user.getVersion())).body(view(user));
	}

	@PatchMapping("/{id}")
	ResponseEntity<UserView> update(@PathVariable UUID id, @RequestBody UserPatch patch,
			@RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
		User user = this.users.update(id,
				new UserService.Changes(patch.name(), (patch.role() != null) ? parseRequiredRole(patch.role()) : null,
						patch.active(), patch.restrictedToGroups()),
				ETags.expectedVersion(ifMatch));
		return ResponseEntity.ok().eTag(ETags.of(user.getVersion())).body(view(user));
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void disable(@PathVariable UUID id) {
		this.users.disable(id);
	}

	private UserView view(User user) {
		return new UserView(user.getId(), user.getTenantId(), user.getEmail(), user.getName(), user.role().claimValue(),
				user.getStatus(), user.isRestrictedToGroups(), this.repository.groupIds(user.getId()),
				user.getCreatedAt());
	}

	private static @Nullable AppRole parseRole(@Nullable String role) {
		return (role != null) ? parseRequiredRole(role) : null;
	}

	private static AppRole parseRequiredRole(String role) {
		return AppRole.parse(role.toLowerCase(Locale.ROOT))
			.orElseThrow(() -> Problems.unprocessable(java.util.Map.of("role", "must be customer, agent or admin")));
	}

	record UserView(UUID id, UUID tenantId, String email, String name, String role, String status,
			boolean restrictedToGroups, List<UUID> groups, Instant createdAt) {
	}

	record NewUser(@NotBlank @Size(max = 254) String email, @NotBlank @Size(max = 120) String name,
			@NotBlank String role, @Nullable @Size(max = 128) String password) {
	}

	record UserPatch(@Nullable String name, @Nullable String role, @Nullable Boolean active,
			@Nullable Boolean restrictedToGroups) {
	}

	record PasswordChange(@NotBlank String currentPassword, @NotBlank String newPassword) {
	}

}
