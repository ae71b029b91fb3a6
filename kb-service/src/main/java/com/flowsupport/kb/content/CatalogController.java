package com.flowsupport.kb.content;

import java.net.URI;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

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
import org.springframework.web.bind.annotation.RestController;

import com.flowsupport.kb.content.CatalogEntry.Kind;
import com.flowsupport.shared.web.CursorPage;
import com.flowsupport.shared.web.Cursors;
import com.flowsupport.shared.web.ETags;

@RestController
@RequestMapping("/api/v1/kb")
class CatalogController {

	private final CatalogService catalog;

	CatalogController(CatalogService catalog) {
		this.catalog = catalog;
	}

	@PostMapping("/categories")
	ResponseEntity<CatalogEntry> createCategory(@RequestBody JsonNode body) {
		return created(Kind.CATEGORY, this.catalog.create(Kind.CATEGORY, body));
	}

	@PostMapping("/sections")
	ResponseEntity<CatalogEntry> createSection(@RequestBody JsonNode body) {
		return created(Kind.SECTION, this.catalog.create(Kind.SECTION, body));
	}

	@GetMapping("/categories")
	CursorPage<CatalogEntry> categories(@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit) {
		return this.catalog.list(Kind.CATEGORY, null, cursor, Cursors.limit(limit), false);
	}

	@GetMapping("/sections")
	CursorPage<CatalogEntry> sections(@RequestParam(required = false) @Nullable UUID categoryId,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit) {
		return this.catalog.list(Kind.SECTION, categoryId, cursor, Cursors.limit(limit), false);
	}

	@GetMapping("/categories/{id}")
	ResponseEntity<CatalogEntry> category(@PathVariable UUID id) {
		return ok(this.catalog.get(Kind.CATEGORY, id));
	}

	@GetMapping("/sections/{id}")
	ResponseEntity<CatalogEntry> section(@PathVariable UUID id) {
		return ok(this.catalog.get(Kind.SECTION, id));
	}

	@PatchMapping("/categories/{id}")
	ResponseEntity<CatalogEntry> updateCategory(@PathVariable UUID id, @RequestBody JsonNode body,
			@RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
		return ok(this.catalog.update(Kind.CATEGORY, id, ETags.expectedVersion(ifMatch), body));
	}

	@PatchMapping("/sections/{id}")
	ResponseEntity<CatalogEntry> updateSection(@PathVariable UUID id, @RequestBody JsonNode body,
			@RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
		return ok(this.catalog.update(Kind.SECTION, id, ETags.expectedVersion(ifMatch), body));
	}

	@DeleteMapping("/categories/{id}")
	ResponseEntity<Void> deleteCategory(@PathVariable UUID id) {
		this.catalog.delete(Kind.CATEGORY, id);
		return ResponseEntity.noContent().build();
	}

	@DeleteMapping("/sections/{id}")
	ResponseEntity<Void> deleteSection(@PathVariable UUID id) {
		this.catalog.delete(Kind.SECTION, id);
		return ResponseEntity.noContent().build();
	}

	private static ResponseEntity<CatalogEntry> created(Kind kind, CatalogEntry entry) {
		String path = (kind == Kind.CATEGORY) ? "categories" : "sections";
		return ResponseEntity.created(URI.create("/api/v1/kb/" + path + "/" + entry.id()))
			.eTag(ETags.of(entry.version()))
			.body(entry);
	}

	private static ResponseEntity<CatalogEntry> ok(CatalogEntry entry) {
		return ResponseEntity.ok().eTag(ETags.of(entry.version())).body(entry);
	}

}
