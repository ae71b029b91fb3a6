package com.flowsupport.rag.settings;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.ETags;

/**
 * {@code /api/v1/ai/settings}: staff read the tenant's AI settings, admins change them
 * ({@code If-Match} with the {@code ETag} of the last read).
 */
@RestController
@RequestMapping("/api/v1/ai/settings")
class AiSettingsController {

	private final AiSettingsService settings;

	AiSettingsController(AiSettingsService settings) {
		this.settings = settings;
	}

	@GetMapping
	ResponseEntity<AiSettings> get() {
		Tenancy.requireRole(AppRole.AGENT, AppRole.ADMIN, AppRole.SUPER_ADMIN);
		AiSettings current = this.settings.current();
		return ResponseEntity.ok().eTag(ETags.of(current.version())).body(current);
	}

	@PatchMapping
	ResponseEntity<AiSettings> change(@RequestBody JsonNode body,
			@RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
		AiSettings changed = this.settings.change(body, ETags.expectedVersion(ifMatch));
		return ResponseEntity.ok().eTag(ETags.of(changed.version())).body(changed);
	}

}
