package com.flowsupport.rag.insights;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.CursorPage;
import com.flowsupport.shared.web.Cursors;
import com.flowsupport.shared.web.Instants;
import com.flowsupport.shared.web.JsonReader;
import com.flowsupport.shared.web.Problems;

/**
 * {@code GET /api/v1/ai/metrics?from=&to=} (staff): answers, abstentions, handoffs and AI
 * resolutions of the tenant, with feedback counts; {@code PUT
 * /api/v1/ai/answers/{id}/feedback {rating: up|down, comment?}}: one's thumbs on an
 * answer (customers on answers given to them); {@code GET /api/v1/ai/feedback} (staff):
 * the feedback, newest first.
 */
@RestController
@RequestMapping("/api/v1/ai")
class InsightsController {

	static final Duration DEFAULT_PERIOD = Duration.ofDays(30);

	private final InsightsRepository insights;

	private final Clock clock;

	InsightsController(InsightsRepository insights, Clock clock) {
		this.insights = insights;
		this.clock = clock;
	}

	record Metrics(Instant from, Instant to, long answers, long abstentions, long handoffs, long aiResolutions,
			Map<String, Long> feedback) {
	}

	@GetMapping("/metrics")
	@Transactional(readOnly = true)
	public Metrics metrics(@RequestParam(required = false) @Nullable String from,
			@RequestParam(required = false) @Nullable String to) {
		CallerIdentity caller = Tenancy.requireRole(AppRole.AGENT, AppRole.ADMIN, AppRole.SUPER_ADMIN);
		Instant end = (to != null) ? instant("to", to) : this.clock.instant();
		Instant start = (from != null) ? instant("from", from) : end.minus(DEFAULT_PERIOD);
		if (!start.isBefore(end)) {
			throw Problems.unprocessable(Map.of("from", "must be before to"));
		}
		InsightsRepository.Counts counts = this.insights.counts(caller.requireTenantId(), start, end);
		return new Metrics(start, end, counts.answers(), counts.abstentions(), counts.handoffs(),
				counts.aiResolutions(), Map.of("up", counts.thumbsUp(), "down", counts.thumbsDown()));
	}

	record FeedbackGiven(UUID answerId, String rating, @Nullable String comment) {
	}

	@PutMapping("/answers/{id}/feedback")
	@Transactional
	public ResponseEntity<FeedbackGiven> feedback(@PathVariable UUID id, @RequestBody JsonNode body) {
		CallerIdentity caller = Tenancy.requireRole(AppRole.CUSTOMER, AppRole.AGENT, AppRole.ADMIN,
				AppRole.SUPER_ADMIN);
		JsonReader in = new JsonReader(body, Set.of("rating", "comment"));
		String rating = in.text("rating", 10, true);
		if (rating != null && !rating.equals("up") && !rating.equals("down")) {
			in.reject("rating", "must be up or down");
		}
		String comment = in.text("comment", 2_000, false);
		in.finish();
		UUID tenantId = caller.requireTenantId();
		InsightsRepository.AnswerRef answer = this.insights.answer(tenantId, id)
			.filter((found) -> caller.role() != AppRole.CUSTOMER || caller.userId().equals(found.askedBy()))
			.orElseThrow(() -> Problems.notFound("Answer"));
		this.insights.feedback(tenantId, answer.id(), caller.userId(), rating, comment, this.clock.instant());
		return ResponseEntity.ok(new FeedbackGiven(answer.id(), rating, comment));
	}

	@GetMapping("/feedback")
	@Transactional(readOnly = true)
	public CursorPage<InsightsRepository.Feedback> feedback(@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor) {
		CallerIdentity caller = Tenancy.requireRole(AppRole.AGENT, AppRole.ADMIN, AppRole.SUPER_ADMIN);
		int size = Cursors.limit(limit);
		List<InsightsRepository.Feedback> rows = this.insights.feedback(caller.requireTenantId(),
				Cursors.decode(cursor, InsightsRepository.FeedbackCursor.class), size + 1);
		return CursorPage.fromLookahead(rows, size,
				(row) -> new InsightsRepository.FeedbackCursor(row.createdAt(), row.answerId(), row.userId()));
	}

	private static Instant instant(String name, String value) {
		Instant instant = Instants.parse(value);
		if (instant == null) {
			throw Problems
				.unprocessable(Map.of(name, "must be an instant like 2026-11-01T00:00:00Z, in the years 0001 to 9999"));
		}
		return instant;
	}

}
