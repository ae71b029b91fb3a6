package com.flowsupport.identity.privacy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.flowsupport.shared.db.SqlValues;

/**
 * Privacy jobs and their per-service steps. Every method but {@link #due} and
 * {@link #expiredArchives} (the platform identity's) works within the tenant in scope.
 */
@Repository
class PrivacyJobs {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
	};

	private static final String COLUMNS = """
			id, tenant_id, kind, subject_id, tombstone_id, identifiers::text, status, requested_by, attempts,
			next_attempt_at, archive_sha256, expires_at, archive IS NOT NULL AS archived, created_at, completed_at""";

	private final JdbcClient jdbc;

	PrivacyJobs(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void create(PrivacyJob job, List<String> services) {
		this.jdbc
			.sql("""
					INSERT INTO privacy_job (id, tenant_id, kind, subject_id, tombstone_id, identifiers, status, requested_by,
						next_attempt_at, created_at)
					VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?)""")
			.params(job.id(), job.tenantId(), job.kind().value(), job.subjectId(), job.tombstoneId(),
					JSON.writeValueAsString(job.identifiers()), job.status().value(), SqlValues.uuid(job.requestedBy()),
					SqlValues.time(job.nextAttemptAt()), SqlValues.time(job.createdAt()))
			.update();
		for (int position = 0; position < services.size(); position++) {
			this.jdbc.sql("""
					INSERT INTO privacy_job_step (job_id, tenant_id, service, position, status)
					VALUES (?, ?, ?, ?, 'pending')""")
				.params(job.id(), job.tenantId(), services.get(position), position)
				.update();
		}
	}

	Optional<PrivacyJob> find(UUID tenantId, UUID id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM privacy_job WHERE tenant_id = ? AND id = ?")
			.params(tenantId, id)
			.query(this::job)
			.optional();
	}

	List<PrivacyJob.Step> steps(UUID tenantId, UUID jobId) {
		return this.jdbc.sql("""
				SELECT service, position, status, attempts, last_error, result::text, done_at FROM privacy_job_step
				WHERE tenant_id = ? AND job_id = ? ORDER BY position""")
			.params(tenantId, jobId)
			.query((rs, row) -> new PrivacyJob.Step(rs.getString("service"), rs.getInt("position"),
					"done".equals(rs.getString("status")), rs.getInt("attempts"), rs.getString("last_error"),
					rs.getString("result"), SqlValues.instant(rs, "done_at")))
			.list();
	}

	/**
	 * Pending jobs due now whose lease, if any, has run out; for the platform identity.
	 */
	List<PrivacyJob.Due> due(Instant now, int limit) {
		return this.jdbc.sql("""
				SELECT tenant_id, id FROM privacy_job
				WHERE status = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
				ORDER BY next_attempt_at LIMIT ?""")
			.params(SqlValues.time(now), SqlValues.time(now), limit)
			.query((rs, row) -> new PrivacyJob.Due(rs.getObject("tenant_id", UUID.class),
					rs.getObject("id", UUID.class)))
			.list();
	}

	/** Export archives past their expiry; for the platform identity. */
	List<PrivacyJob.Due> expiredArchives(Instant now, int limit) {
		return this.jdbc.sql("""
				SELECT tenant_id, id FROM privacy_job WHERE archive IS NOT NULL AND expires_at <= ?
				ORDER BY expires_at LIMIT ?""")
			.params(SqlValues.time(now), limit)
			.query((rs, row) -> new PrivacyJob.Due(rs.getObject("tenant_id", UUID.class),
					rs.getObject("id", UUID.class)))
			.list();
	}

	/**
	 * Takes the job for this worker until {@code leaseUntil}, unless another worker holds
	 * it or it is done.
	 */
	boolean claim(UUID tenantId, UUID id, Instant now, Instant leaseUntil) {
		return this.jdbc.sql("""
				UPDATE privacy_job SET lease_until = ?
				WHERE tenant_id = ? AND id = ? AND status = 'pending' AND (lease_until IS NULL OR lease_until <= ?)""")
			.params(SqlValues.time(leaseUntil), tenantId, id, SqlValues.time(now))
			.update() == 1;
	}

	void stepDone(UUID tenantId, UUID jobId, String service, String result, Instant at) {
		this.jdbc.sql("""
				UPDATE privacy_job_step SET status = 'done', result = CAST(? AS jsonb), last_error = NULL, done_at = ?
				WHERE tenant_id = ? AND job_id = ? AND service = ?""")
			.params(result, SqlValues.time(at), tenantId, jobId, service)
			.update();
	}

	void stepFailed(UUID tenantId, UUID jobId, String service, String error) {
		this.jdbc.sql("""
				UPDATE privacy_job_step SET attempts = attempts + 1, last_error = ?
				WHERE tenant_id = ? AND job_id = ? AND service = ?""").params(error, tenantId, jobId, service).update();
	}

	/** Leaves the job for another round at {@code next}. */
	void retryAt(UUID tenantId, UUID id, Instant next) {
		this.jdbc.sql("""
				UPDATE privacy_job SET attempts = attempts + 1, next_attempt_at = ?, lease_until = NULL
				WHERE tenant_id = ? AND id = ?""").params(SqlValues.time(next), tenantId, id).update();
	}

	/**
	 * Marks the job completed, with its archive when it is an export, and forgets the
	 * person's identifiers.
	 */
	void complete(UUID tenantId, UUID id, byte @Nullable [] archive, @Nullable String sha256,
			@Nullable Instant expiresAt, Instant at) {
		this.jdbc.sql("""
				UPDATE privacy_job SET status = 'completed', identifiers = '[]', lease_until = NULL, archive = ?,
					archive_sha256 = ?, expires_at = ?, completed_at = ?
				WHERE tenant_id = ? AND id = ?""")
			.params(archive, sha256, SqlValues.time(expiresAt), SqlValues.time(at), tenantId, id)
			.update();
	}

	/**
	 * Forgets what the services answered for an export once its archive holds it: the
	 * archive, which expires, is then the only copy.
	 */
	void forgetAnswers(UUID tenantId, UUID id) {
		this.jdbc.sql("UPDATE privacy_job_step SET result = NULL WHERE tenant_id = ? AND job_id = ?")
			.params(tenantId, id)
			.update();
	}

	Optional<byte[]> archive(UUID tenantId, UUID id) {
		return this.jdbc.sql("SELECT archive FROM privacy_job WHERE tenant_id = ? AND id = ? AND archive IS NOT NULL")
			.params(tenantId, id)
			.query((rs, row) -> rs.getBytes(1))
			.optional();
	}

	void dropArchive(UUID tenantId, UUID id) {
		this.jdbc.sql("UPDATE privacy_job SET archive = NULL WHERE tenant_id = ? AND id = ?")
			.params(tenantId, id)
			.update();
	}

	private PrivacyJob job(ResultSet rs, int row) throws SQLException {
		return new PrivacyJob(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
				PrivacyJob.Kind.of(rs.getString("kind")), rs.getObject("subject_id", UUID.class),
				rs.getObject("tombstone_id", UUID.class), JSON.readValue(rs.getString("identifiers"), STRINGS),
				PrivacyJob.Status.of(rs.getString("status")), rs.getObject("requested_by", UUID.class),
				rs.getInt("attempts"), Objects.requireNonNull(SqlValues.instant(rs, "next_attempt_at")),
				rs.getString("archive_sha256"), SqlValues.instant(rs, "expires_at"), rs.getBoolean("archived"),
				Objects.requireNonNull(SqlValues.instant(rs, "created_at")), SqlValues.instant(rs, "completed_at"));
	}

}
