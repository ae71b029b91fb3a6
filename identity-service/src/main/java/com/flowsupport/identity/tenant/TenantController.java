package com.flowsupport.identity.tenant;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
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

import com.flowsupport.shared.web.CursorPage;
import com.flowsupport.shared.web.Cursors;
import com.flowsupport.shared.web.ETags;

@RestController
@RequestMapping("/api/v1/tenants")
class TenantController {

	private final TenantService tenants;

	TenantController(TenantService tenants) {
		this.tenants = tenants;
	}

	@GetMapping("/current")
	ResponseEntity<TenantView> current() {
		Tenant tenant = this.tenants.current();
		return ResponseEntity.ok().eTag(ETags.of(tenant.getVersion())).body(view(tenant));
	}

	@PatchMapping(path = "/current", consumes = { "application/json", "application/merge-patch+json" })
	ResponseEntity<TenantView> update(@RequestBody JsonNode patch,
			@RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
		this.tenants.update(patch, ETags.expectedVersion(ifMatch));
		// Read back after the commit, so the ETag carries the version the update
		// produced.
		Tenant saved = this.tenants.current();
		return ResponseEntity.ok().eTag(ETags.of(saved.getVersion())).body(view(saved));
	}

	/** Platform operators: every tenant. */
	@GetMapping
	CursorPage<TenantView> list(@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor) {
		int size = Cursors.limit(limit);
		return CursorPage
			.fromLookahead(this.tenants.page(Cursors.decode(cursor, UUID.class), size + 1), size, Tenant::getId)
			.map(this::view);
	}

	@PostMapping("/{id}/suspend")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void suspend(@PathVariable UUID id) {
		this.tenants.setSuspended(id, true);
	}

	@PostMapping("/{id}/reactivate")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void reactivate(@PathVariable UUID id) {
		this.tenants.setSuspended(id, false);
	}

	private TenantView view(Tenant tenant) {
		TenantSettings settings = this.tenants.settingsOf(tenant);
		return new TenantView(tenant.getId(), tenant.getSlug(), tenant.getName(), tenant.status().name().toLowerCase(),
				tenant.getPlan(), settings.locale(), settings.timeZone(), settings.businessHours(), settings.branding(),
				settings.features(), tenant.getCreatedAt());
	}

	record TenantView(UUID id, String slug, String name, String status, String plan, String locale, String timeZone,
			java.util.Map<java.time.DayOfWeek, java.util.List<TenantSettings.Interval>> businessHours,
			TenantSettings.Branding branding, TenantSettings.Features features, Instant createdAt) {
	}

}
