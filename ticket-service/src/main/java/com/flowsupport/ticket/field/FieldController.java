package com.flowsupport.ticket.field;

import java.net.URI;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

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
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.flowsupport.shared.audit.AdminAudit;
import com.flowsupport.shared.events.Uuids;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.ETags;
import com.flowsupport.shared.web.Problems;

/**
 * Admins define the tenant's custom ticket fields; everyone in the tenant may read them
 * (forms need them). Deleting deactivates: stored values stay on the tickets.
 */
@RestController
@RequestMapping("/api/v1/ticket-fields")
class FieldController {

	private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]{0,63}");

	static final int MAX_OPTIONS = 500;

	private final FieldRepository fields;

	private final AdminAudit audit;

	FieldController(FieldRepository fields, AdminAudit audit) {
		this.fields = fields;
		this.audit = audit;
	}

	@GetMapping
	@Transactional(readOnly = true)
	Map<String, List<FieldDefinition>> list() {
		return Map.of("items", this.fields.all(Tenancy.require().requireTenantId()));
	}

	@GetMapping("/{id}")
	@Transactional(readOnly = true)
	ResponseEntity<FieldDefinition> get(@PathVariable UUID id) {
		FieldDefinition field = find(id);
		return ResponseEntity.ok().eTag(ETags.of(field.version())).body(field);
	}

	@PostMapping
	@Transactional
	ResponseEntity<FieldDefinition> create(@Valid @RequestBody NewField request) {
		UUID tenantId = Tenancy.requireRole(AppRole.ADMIN).requireTenantId();
		Map<String, String> errors = new TreeMap<>();
		if (!KEY.matcher(request.key()).matches()) {
			errors.put("key", "must start with a letter and use only a-z, 0-9 and _ (at most 64)");
		}
		FieldType type = FieldType.parse(request.type()).orElse(null);
		if (type == null) {
			errors.put("type", "must be one of text, textarea, checkbox, date, integer, decimal, regex, dropdown, "
					+ "multiselect");
		}
		List<FieldDefinition.Option> options = (request.options() != null) ? request.options() : List.of();
		if (type != null) {
			checkShape(type, options, request.pattern(), errors);
		}
		if (errors.isEmpty() && this.fields.keyTaken(tenantId, request.key())) {
			throw Problems.of(HttpStatus.CONFLICT, "field-key-taken", "Key taken",
					"A field with key '" + request.key() + "' exists already.");
		}
		if (!errors.isEmpty()) {
			throw Problems.unprocessable(errors);
		}
		Instant now = Instant.now();
		FieldDefinition field = new FieldDefinition(Uuids.timeOrdered(), request.key(), request.title(), type,
				Boolean.TRUE.equals(request.required()), options, request.pattern(), true,
				(request.position() != null) ? request.position() : 0, 0, now, now);
		this.fields.insert(tenantId, field);
		this.audit.record("ticket_field.created", "ticket_field", field.id(),
				Map.of("key", field.key(), "type", type.value()));
		return ResponseEntity.created(URI.create("/api/v1/ticket-fields/" + field.id()))
			.eTag(ETags.of(field.version()))
			.body(field);
	}

	@PatchMapping("/{id}")
	@Transactional
	ResponseEntity<FieldDefinition> update(@PathVariable UUID id, @Valid @RequestBody FieldPatch patch,
			@RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
		UUID tenantId = Tenancy.requireRole(AppRole.ADMIN).requireTenantId();
		FieldDefinition field = find(id);
		Long expected = ETags.expectedVersion(ifMatch);
		if (expected != null && expected != field.version()) {
			throw Problems.preconditionFailed();
		}
		List<FieldDefinition.Option> options = (patch.options() != null) ? patch.options() : field.options();
		String pattern = (patch.pattern() != null) ? patch.pattern() : field.pattern();
		Map<String, String> errors = new TreeMap<>();
		checkShape(field.type(), options, pattern, errors);
		if (!errors.isEmpty()) {
			throw Problems.unprocessable(errors);
		}
		FieldDefinition changed = new FieldDefinition(field.id(), field.key(),
				(patch.title() != null) ? patch.title() : field.title(), field.type(),
				(patch.required() != null) ? patch.required() : field.required(), options, pattern,
				(patch.active() != null) ? patch.active() : field.active(),
				(patch.position() != null) ? patch.position() : field.position(), field.version(), field.createdAt(),
				Instant.now());
		this.fields.update(tenantId, changed);
		this.audit.record("ticket_field.updated", "ticket_field", id, Map.of("key", field.key()));
		FieldDefinition stored = find(id);
		return ResponseEntity.ok().eTag(ETags.of(stored.version())).body(stored);
	}

	@DeleteMapping("/{id}")
	@Transactional
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void deactivate(@PathVariable UUID id) {
		UUID tenantId = Tenancy.requireRole(AppRole.ADMIN).requireTenantId();
		FieldDefinition field = find(id);
		if (field.active()) {
			this.fields.update(tenantId,
					new FieldDefinition(field.id(), field.key(), field.title(), field.type(), field.required(),
							field.options(), field.pattern(), false, field.position(), field.version(),
							field.createdAt(), Instant.now()));
			this.audit.record("ticket_field.deactivated", "ticket_field", id, Map.of("key", field.key()));
		}
	}

	private FieldDefinition find(UUID id) {
		return this.fields.find(Tenancy.require().requireTenantId(), id)
			.orElseThrow(() -> Problems.notFound("Ticket field"));
	}

	private static void checkShape(FieldType type, List<FieldDefinition.Option> options, @Nullable String pattern,
			Map<String, String> errors) {
		if (type.hasOptions()) {
			Set<String> values = new HashSet<>();
			if (options.isEmpty() || options.size() > MAX_OPTIONS) {
				errors.put("options", "a " + type.value() + " needs 1 to " + MAX_OPTIONS + " options");
			}
			for (FieldDefinition.Option option : options) {
				if (option.value() == null || option.value().isBlank() || option.value().length() > 200
						|| !values.add(option.value())) {
					errors.put("options", "option values must be distinct, non-blank and at most 200 characters");
				}
			}
		}
		else if (!options.isEmpty()) {
			errors.put("options", "only dropdown and multiselect fields have options");
		}
		if (type == FieldType.REGEX) {
			String problem = (pattern != null) ? BoundedRegex.problemWith(pattern) : "a regex field needs a pattern";
			if (problem != null) {
				errors.put("pattern", problem);
			}
		}
		else if (pattern != null) {
			errors.put("pattern", "only regex fields have a pattern");
		}
	}

	record NewField(@NotBlank String key, @NotBlank @Size(max = 200) String title, @NotBlank String type,
			@Nullable Boolean required, @Nullable @Size(max = MAX_OPTIONS) List<FieldDefinition.Option> options,
			@Nullable String pattern, @Nullable Integer position) {
	}

	record FieldPatch(@Nullable @Size(min = 1, max = 200) String title, @Nullable Boolean required,
			@Nullable @Size(max = MAX_OPTIONS) List<FieldDefinition.Option> options, @Nullable String pattern,
			@Nullable Boolean active, @Nullable Integer position) {
	}

}
