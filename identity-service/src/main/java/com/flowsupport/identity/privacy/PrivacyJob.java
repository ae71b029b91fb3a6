package com.flowsupport.identity.privacy;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A data-subject request being worked off: an export or an erasure of one person of one
 * tenant.
 *
 * @param tombstoneId what references to the person become on erasure; fixed when the job
 * is created, so that every attempt and every service uses the same one
 * @param identifiers the person's email, name and other identifiers as known at the
 * request (emptied once the job completes)
 * @param attempts rounds that left some service unfinished
 * @param archiveSha256 the SHA-256 of the export archive, once built
 * @param expiresAt when the export archive stops being downloadable
 */
record PrivacyJob(UUID id, UUID tenantId, Kind kind, UUID subjectId, UUID tombstoneId, List<String> identifiers,
		Status status, @Nullable UUID requestedBy, int attempts, Instant nextAttemptAt, @Nullable String archiveSha256,
		@Nullable Instant expiresAt, boolean archived, Instant createdAt, @Nullable Instant completedAt) {

	enum Kind {

		EXPORT, ERASURE;

		String value() {
			return name().toLowerCase(Locale.ROOT);
		}

		static Kind of(String value) {
			return valueOf(value.toUpperCase(Locale.ROOT));
		}

	}

	enum Status {

		PENDING, COMPLETED;

		String value() {
			return name().toLowerCase(Locale.ROOT);
		}

		static Status of(String value) {
			return valueOf(value.toUpperCase(Locale.ROOT));
		}

	}

	/**
	 * One service's part of a job.
	 *
	 * @param position services are asked in this order
	 * @param result what the service answered: its export sections, or what it erased
	 */
	record Step(String service, int position, boolean done, int attempts, @Nullable String lastError,
			@Nullable String result, @Nullable Instant doneAt) {
	}

	/** A job some worker may take up now, and its tenant. */
	record Due(UUID tenantId, UUID jobId) {
	}

	Optional<Instant> downloadableUntil(Instant now) {
		return (this.archived && this.expiresAt != null && this.expiresAt.isAfter(now)) ? Optional.of(this.expiresAt)
				: Optional.empty();
	}

}
