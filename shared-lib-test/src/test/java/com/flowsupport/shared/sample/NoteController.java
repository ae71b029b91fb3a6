package com.flowsupport.shared.sample;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServletResponse;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Limit;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.interceptor.TransactionAspectSupport;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.flowsupport.shared.events.EventPublisher;
import com.flowsupport.shared.events.Uuids;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.CursorPage;
import com.flowsupport.shared.web.Cursors;
import com.flowsupport.shared.web.Problems;

@RestController
class NoteController {

	private final NoteRepository notes;

	private final EventPublisher events;

	private final JdbcTemplate jdbc;

	NoteController(NoteRepository notes, EventPublisher events, JdbcTemplate jdbc) {
		this.notes = notes;
		this.events = events;
		this.jdbc = jdbc;
	}

	@PostMapping("/api/v1/notes")
	@Transactional
	ResponseEntity<NoteView> create(@Valid @RequestBody NewNote request) {
		Note note = this.notes.save(new Note(Uuids.timeOrdered(), Tenancy.require().requireTenantId(), request.body()));
		this.events.publish(SampleApplication.NOTE_CREATED, Map.of("id", note.getId(), "body", note.getBody()));
		if (ROLLED_BACK.equals(request.body())) {
			TransactionAspectSupport.currentTransactionStatus().setRollbackOnly();
		}
		return ResponseEntity.created(URI.create("/api/v1/notes/" + note.getId())).body(NoteView.of(note));
	}

	/**
	 * A note created with its progress streamed ({@code text/event-stream}): {@code note}
	 * once it is saved, then {@code done} once the test opens {@link #STREAM_GATE} (or
	 * after ten seconds), so that a test can tell a stream from a held-back body.
	 */
	@PostMapping(path = "/api/v1/notes/streamed", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Transactional
	void createStreamed(@Valid @RequestBody NewNote request, HttpServletResponse response)
			throws IOException, InterruptedException {
		Note note = this.notes.save(new Note(Uuids.timeOrdered(), Tenancy.require().requireTenantId(), request.body()));
		response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		PrintWriter out = response.getWriter();
		out.write("event: note\ndata: {\"id\":\"" + note.getId() + "\"}\n\n");
		out.flush();
		if (FAILS_MID_STREAM.equals(request.body())) {
			throw new IllegalStateException("Failed after the first event");
		}
		STREAM_GATE.await(10, TimeUnit.SECONDS);
		STREAM_FINISHING = true;
		out.write("event: done\ndata: {}\n\n");
		out.flush();
		if (ROLLED_BACK.equals(request.body())) {
			// As when work that joined the transaction failed and was caught: the
			// transaction can only roll back, after the stream has gone out.
			TransactionAspectSupport.currentTransactionStatus().setRollbackOnly();
		}
	}

	/** The body of a note whose transaction rolls back once the answer is written. */
	static final String ROLLED_BACK = "roll back after answering";

	/** The body of a streamed note whose handler fails after the first event. */
	static final String FAILS_MID_STREAM = "fail after the first event";

	/** Opened by a test to let {@link #createStreamed} finish. */
	static volatile CountDownLatch STREAM_GATE = new CountDownLatch(0);

	/** Whether {@link #createStreamed} has gone past its gate. */
	static volatile boolean STREAM_FINISHING;

	@GetMapping("/api/v1/notes/{id}")
	@Transactional(readOnly = true)
	NoteView get(@PathVariable UUID id) {
		return this.notes.findById(id).map(NoteView::of).orElseThrow(() -> Problems.notFound("note"));
	}

	@GetMapping("/api/v1/notes")
	@Transactional(readOnly = true)
	CursorPage<NoteView> list(@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor) {
		int size = Cursors.limit(limit);
		UUID after = Cursors.decode(cursor, UUID.class);
		return CursorPage.fromLookahead(this.notes.page(after, Limit.of(size + 1)), size, Note::getId)
			.map(NoteView::of);
	}

	/** What the database itself believes about the caller, read through auth.jwt(). */
	@GetMapping("/api/v1/whoami")
	@Transactional(readOnly = true)
	Map<String, Object> whoami() {
		return this.jdbc
			.queryForMap("SELECT app.tenant_id()::text AS tenant, app.app_role() AS role, auth.uid()::text AS user_id");
	}

	record NewNote(@NotBlank @Size(max = 2000) String body) {
	}

	record NoteView(UUID id, UUID tenantId, String body) {
		static NoteView of(Note note) {
			return new NoteView(note.getId(), note.getTenantId(), note.getBody());
		}
	}

}
