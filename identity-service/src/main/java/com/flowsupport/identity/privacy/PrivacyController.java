package com.flowsupport.identity.privacy;

import java.net.URI;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Data-subject requests (GDPR art. 15, 17 and 30) for tenant admins:
 * {@code POST /exports} and {@code POST /erasures} with {@code {"userId": ...}} answer
 * 202 with the job and its {@code Location}; the job's status lists each service's
 * progress; a completed export's archive downloads as a zip until it expires. Super
 * admins may add {@code tenantId} (in the body, or as a query parameter when reading).
 */
@RestController
@RequestMapping("/api/v1/privacy")
class PrivacyController {

	private final PrivacyRequests requests;

	PrivacyController(PrivacyRequests requests) {
		this.requests = requests;
	}

	@PostMapping("/exports")
	ResponseEntity<PrivacyRequests.JobView> export(@RequestBody(required = false) @Nullable JsonNode body) {
		return accepted(this.requests.request(PrivacyJob.Kind.EXPORT, body), "exports");
	}

	@PostMapping("/erasures")
	ResponseEntity<PrivacyRequests.JobView> erase(@RequestBody(required = false) @Nullable JsonNode body) {
		return accepted(this.requests.request(PrivacyJob.Kind.ERASURE, body), "erasures");
	}

	@GetMapping("/exports/{id}")
	PrivacyRequests.JobView exportStatus(@PathVariable UUID id,
			@RequestParam(required = false) @Nullable UUID tenantId) {
		return this.requests.status(PrivacyJob.Kind.EXPORT, id, tenantId);
	}

	@GetMapping("/erasures/{id}")
	PrivacyRequests.JobView erasureStatus(@PathVariable UUID id,
			@RequestParam(required = false) @Nullable UUID tenantId) {
		return this.requests.status(PrivacyJob.Kind.ERASURE, id, tenantId);
	}

	@GetMapping("/exports/{id}/archive")
	ResponseEntity<byte[]> archive(@PathVariable UUID id, @RequestParam(required = false) @Nullable UUID tenantId) {
		PrivacyRequests.Archive archive = this.requests.archive(id, tenantId);
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType("application/zip"))
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename("dsar-" + id + ".zip").build().toString())
			// RFC 9530: the client can check what it received.
			.header("Repr-Digest",
					"sha-256=:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(archive.sha256())) + ":")
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.body(archive.bytes());
	}

	@GetMapping("/processing-records")
	Map<String, List<PrivacyRequests.ServiceRecords>> processingRecords(
			@RequestParam(required = false) @Nullable UUID tenantId) {
		return Map.of("items", this.requests.processingRecords(tenantId));
	}

	private static ResponseEntity<PrivacyRequests.JobView> accepted(PrivacyRequests.JobView job, String kind) {
		return ResponseEntity.accepted().location(URI.create("/api/v1/privacy/" + kind + "/" + job.id())).body(job);
	}

}
