package com.flowsupport.ticket.rules;

import java.net.URI;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

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

import com.flowsupport.shared.web.CursorPage;
import com.flowsupport.shared.web.Cursors;
import com.flowsupport.shared.web.ETags;

/**
 * Triggers: {@code {name, description?, active?, position?, conditions: {all, any},
 * actions}}. Admins write them; agents read them.
 */
@RestController
@RequestMapping("/api/v1/triggers")
class TriggerController {

	private final TriggerService triggers;

	TriggerController(TriggerService triggers) {
		this.triggers = triggers;
	}

	/** Triggers in the order they run. */
	@GetMapping
	CursorPage<Trigger> list(@RequestParam(required = false) @Nullable Boolean active,
			@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor) {
		int size = Cursors.limit(limit);
		return CursorPage.fromLookahead(
				this.triggers.page(active, Cursors.decode(cursor, ListPosition.class), size + 1), size,
				(trigger) -> new ListPosition(trigger.position(), trigger.id()));
	}

	@GetMapping("/{id}")
	ResponseEntity<Trigger> get(@PathVariable UUID id) {
		Trigger trigger = this.triggers.get(id);
		return ResponseEntity.ok().eTag(ETags.of(trigger.version())).body(trigger);
	}

	@PostMapping
	ResponseEntity<Trigger> create(@RequestBody JsonNode body) {
		Trigger trigger = this.triggers.create(body);
		return ResponseEntity.created(URI.create("/api/v1/triggers/" + trigger.id()))
			.eTag(ETags.of(trigger.version()))
			.body(trigger);
	}

	@PatchMapping("/{id}")
	ResponseEntity<Trigger> update(@PathVariable UUID id, @RequestBody JsonNode body,
			@RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
		Trigger trigger = this.triggers.update(id, body, ETags.expectedVersion(ifMatch));
		return ResponseEntity.ok().eTag(ETags.of(trigger.version())).body(trigger);
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable UUID id) {
		this.triggers.delete(id);
	}

}
