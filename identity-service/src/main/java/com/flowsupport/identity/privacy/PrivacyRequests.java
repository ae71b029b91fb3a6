package com.flowsupport.identity.privacy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.flowsupport.identity.audit.AuditLog;
import com.flowsupport.shared.events.Uuids;
import com.flowsupport.shared.privacy.PersonalData;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.JsonReader;
import com.flowsupport.shared.web.Problems;

/**
 * Data-subject requests for a tenant's admins; a super admin may name another tenant. A
 * request becomes a durable job, answered at once and worked off by
 * {@link PrivacyWorker}; it is recorded in the tenant's audit log.
 */
@Service
class PrivacyRequests {

	static final int NAME_PART_MIN_LENGTH = 3;

	static final int MAX_IDENTIFIERS = 10;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final PrivacyJobs jobs;

	private final PrivacyPeers peers;

	private final PersonalData local;

	private final PrivacyWorker worker;

	private final AuditLog audit;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final Clock clock;

	PrivacyRequests(PrivacyJobs jobs, PrivacyPeers peers, PersonalData local, PrivacyWorker worker, AuditLog audit,
			JdbcClient jdbc, PlatformTransactionManager transactions, ObjectProvider<Clock> clock) {
		this.jobs = jobs;
		this.peers = peers;
		this.local = local;
		this.worker = worker;
		this.audit = audit;
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactions);
		this.clock = clock.getIfAvailable(Clock::systemUTC);
	}

	/** A job's state as its requester sees it. */
	record JobView(UUID id, String kind, String status, UUID tenantId, UUID userId, @Nullable UUID requestedBy,
			Instant createdAt, @Nullable Instant completedAt, int attempts, List<StepView> services,
			@Nullable ArchiveView archive, @Nullable Map<String, JsonNode> erased) {
	}

	/** One service's part of a job. */
	record StepView(String service, String status, int attempts, @Nullable String lastError, @Nullable Instant doneAt) {
	}

	/** Where a finished export is, until when. */
	record ArchiveView(String url, String sha256, Instant expiresAt) {
	}

	/** A downloadable export. */
	record Archive(UUID jobId, byte[] bytes, String sha256) {
	}

	/** One service's records of processing, or why it could not tell. */
	record ServiceRecords(String service, boolean available, JsonNode records, @Nullable String error) {
	}

	JobView request(PrivacyJob.Kind kind, @Nullable JsonNode body) {
		JsonReader reader = new JsonReader(body, Set.of("userId", "subjectId", "tenantId", "identifiers"));
		UUID userId = reader.uuid("userId");
		UUID subjectId = reader.uuid("subjectId");
		if (userId != null && subjectId != null && !userId.equals(subjectId)) {
			reader.reject("subjectId", "names another user than userId; send one of them");
		}
		if (userId == null && subjectId == null) {
			reader.reject("userId", "is required: the person whose data this is");
		}
		UUID tenantId = reader.uuid("tenantId");
		List<String> extra = reader.strings("identifiers", MAX_IDENTIFIERS);
		if (extra.stream().anyMatch((value) -> value.isBlank() || value.length() > 320)) {
			reader.reject("identifiers", "must each be 1 to 320 characters");
		}
		CallerIdentity caller = Tenancy.require();
		UUID subject = (userId != null) ? userId : subjectId;
		if (kind == PrivacyJob.Kind.ERASURE && subject != null && subject.equals(caller.userId())) {
			reader.reject("userId", "is you: another admin must erase your account");
		}
		Scope scope = scope(tenantId);
		reader.finish();
		UUID person = Objects.requireNonNull(subject);
		PrivacyJob job = scope.run(() -> this.transactions.execute((tx) -> {
			Map<String, Object> user = this.jdbc
				.sql("SELECT email, name, status, role FROM app_user WHERE tenant_id = ? AND id = ?")
				.params(scope.tenantId(), person)
				.query()
				.listOfRows()
				.stream()
				.findFirst()
				.orElseThrow(() -> Problems.notFound("user"));
			if (AppRole.SUPER_ADMIN.claimValue().equals(user.get("role")) && caller.role() != AppRole.SUPER_ADMIN) {
				throw new AccessDeniedException("Only super admins ask for a super admin's data");
			}
			Instant now = this.clock.instant();
			PrivacyJob created = new PrivacyJob(Uuids.timeOrdered(), scope.tenantId(), kind, person,
					Uuids.timeOrdered(), identifiers(user, extra), PrivacyJob.Status.PENDING, caller.userId(), 0, now,
					null, null, false, now, null);
			this.jobs.create(created, services());
			this.audit.record("privacy." + kind.value() + "_requested", "user", person, Map.of("jobId", created.id()),
					caller.userId());
			return created;
		}));
		this.worker.wake();
		return status(kind, Objects.requireNonNull(job).id(), tenantId);
	}

	JobView status(PrivacyJob.Kind kind, UUID id, @Nullable UUID tenantId) {
		Scope scope = scope(tenantId);
		return Objects.requireNonNull(scope.run(() -> this.transactions.execute((tx) -> {
			PrivacyJob job = this.jobs.find(scope.tenantId(), id)
				.filter((found) -> found.kind() == kind)
				.orElseThrow(() -> Problems.notFound(kind.value()));
			return view(job, this.jobs.steps(scope.tenantId(), id));
		})));
	}

	Archive archive(UUID id, @Nullable UUID tenantId) {
		Scope scope = scope(tenantId);
		CallerIdentity caller = Tenancy.require();
		return Objects.requireNonNull(scope.run(() -> this.transactions.execute((tx) -> {
			PrivacyJob job = this.jobs.find(scope.tenantId(), id)
				.filter((found) -> found.kind() == PrivacyJob.Kind.EXPORT)
				.orElseThrow(() -> Problems.notFound("export"));
			if (job.status() == PrivacyJob.Status.PENDING) {
				throw Problems.of(HttpStatus.CONFLICT, "export-not-ready", "Export not ready",
						"The export is still being collected; its status says when it is complete.");
			}
			if (job.downloadableUntil(this.clock.instant()).isEmpty()) {
				throw Problems.of(HttpStatus.GONE, "export-expired", "Export expired",
						"This export's archive has expired; request a new export.");
			}
			byte[] bytes = this.jobs.archive(scope.tenantId(), id).orElseThrow(() -> Problems.notFound("export"));
			this.audit.record("privacy.export_downloaded", "user", job.subjectId(), Map.of("jobId", id),
					caller.userId());
			return new Archive(id, bytes, Objects.requireNonNull(job.archiveSha256()));
		})));
	}

	List<ServiceRecords> processingRecords(@Nullable UUID tenantId) {
		Scope scope = scope(tenantId);
		List<ServiceRecords> records = new ArrayList<>();
		records.add(
				new ServiceRecords(PrivacyPeers.SELF, true, JSON.valueToTree(scope.run(this.local::processing)), null));
		for (String peer : this.peers.names()) {
			try {
				records.add(new ServiceRecords(peer, true, this.peers.processingRecords(peer, scope.tenantId()), null));
			}
			catch (RuntimeException ex) {
				records.add(new ServiceRecords(peer, false, JSON.createArrayNode(),
						peer + " did not answer: " + ex.getClass().getSimpleName()));
			}
		}
		return records;
	}

	private JobView view(PrivacyJob job, List<PrivacyJob.Step> steps) {
		ArchiveView archive = job.downloadableUntil(this.clock.instant())
			.map((until) -> new ArchiveView("/api/v1/privacy/exports/" + job.id() + "/archive",
					Objects.requireNonNull(job.archiveSha256()), until))
			.orElse(null);
		Map<String, JsonNode> erased = null;
		if (job.kind() == PrivacyJob.Kind.ERASURE) {
			erased = new LinkedHashMap<>();
			for (PrivacyJob.Step step : steps) {
				if (step.result() != null) {
					erased.put(step.service(), JSON.readTree(step.result()));
				}
			}
		}
		return new JobView(job.id(), job.kind().value(), job.status().value(), job.tenantId(), job.subjectId(),
				job.requestedBy(), job.createdAt(), job.completedAt(), job.attempts(),
				steps.stream()
					.map((step) -> new StepView(step.service(), step.done() ? "done" : "pending", step.attempts(),
							step.lastError(), step.doneAt()))
					.toList(),
				archive, erased);
	}

	/**
	 * Every deployed service; identity last, so an account is anonymised only after the
	 * rest.
	 */
	private List<String> services() {
		List<String> services = new ArrayList<>(this.peers.names());
		services.add(PrivacyPeers.SELF);
		return services;
	}

	/**
	 * What identifies the person in other services' records: their email, their name and
	 * its words long enough not to be common syllables, and whatever the admin added
	 * (phone numbers, messaging ids).
	 */
	private static List<String> identifiers(Map<String, Object> user, List<String> extra) {
		Set<String> identifiers = new LinkedHashSet<>();
		// An erased account holds tombstone values only, which identify nobody.
		if (!"erased".equals(user.get("status"))) {
			identifiers.add(String.valueOf(user.get("email")));
			String name = String.valueOf(user.get("name")).strip();
			identifiers.add(name);
			for (String part : name.split("\\s+")) {
				if (part.length() >= NAME_PART_MIN_LENGTH) {
					identifiers.add(part);
				}
			}
		}
		extra.forEach((value) -> identifiers.add(value.strip()));
		return List.copyOf(identifiers);
	}

	/**
	 * The tenant a request is about and who works in it: an admin in their own tenant as
	 * themselves; a super admin naming another tenant as identity for that tenant.
	 */
	private Scope scope(@Nullable UUID tenantId) {
		CallerIdentity caller = Tenancy.requireRole(AppRole.ADMIN, AppRole.SUPER_ADMIN);
		UUID own = caller.requireTenantId();
		if (tenantId == null || tenantId.equals(own)) {
			return new Scope(own, caller);
		}
		if (caller.role() != AppRole.SUPER_ADMIN) {
			throw new AccessDeniedException("Only super admins act on another tenant's data subjects");
		}
		return new Scope(tenantId, CallerIdentity.service(tenantId, PrivacyPeers.SELF));
	}

	private record Scope(UUID tenantId, CallerIdentity identity) {

		<T> @Nullable T run(Supplier<@Nullable T> work) {
			return Tenancy.callAs(this.identity, work);
		}

	}

}
