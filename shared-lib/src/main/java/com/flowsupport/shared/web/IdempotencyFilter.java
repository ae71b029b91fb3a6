package com.flowsupport.shared.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStreamReader;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.UnexpectedRollbackException;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;

import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;

/**
 * {@code Idempotency-Key} for {@code POST} with Stripe's semantics: the first request
 * with a key runs and its 2xx response is stored; a retry with the same key and the same
 * body gets that response again (marked {@code Idempotent-Replayed: true}); the same key
 * with a different body is a 422 problem. Keys are scoped to the tenant and caller and
 * live for {@link #ttl}.
 * <p>
 * The key is claimed in the same transaction as the request's own work, so either both
 * the business change and the stored response commit, or neither does and the client may
 * retry. A concurrent request with the same key waits for the first and then replays it.
 * Failed requests (non-2xx) store nothing. Anonymous requests (no tenant) pass through
 * untouched.
 * <p>
 * A response is held back until the transaction has committed, except a stream
 * ({@code text/event-stream}), which goes out as it is written and is stored whole when
 * it ends; a retry replays it whole. Should such a stream's transaction roll back after
 * all, its last event is an {@code error}.
 */
public class IdempotencyFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);

	public static final String HEADER = "Idempotency-Key";

	public static final String REPLAYED_HEADER = "Idempotent-Replayed";

	private static final String FAILED = IdempotencyFilter.class.getName() + ".failed";

	private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

	private static final List<String> STORED_HEADERS = List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.LOCATION,
			HttpHeaders.ETAG);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final TransactionTemplate transactions;

	private final JdbcTemplate jdbc;

	private final Duration ttl;

	public IdempotencyFilter(TransactionTemplate transactions, JdbcTemplate jdbc, Duration ttl) {
		this.transactions = transactions;
		this.jdbc = jdbc;
		this.ttl = ttl;
	}

	/**
	 * Marks a request as failed although its status is already out as 2xx (a stream that
	 * ends in an error event): with an {@code Idempotency-Key}, what it changed is rolled
	 * back and nothing is stored, so that a retry with the same key runs again instead of
	 * replaying the failure.
	 */
	public static void failed(HttpServletRequest request) {
		request.setAttribute(FAILED, Boolean.TRUE);
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Optional<CallerIdentity> caller = Tenancy.current();
		if (caller.isEmpty() || caller.get().tenantId() == null) {
			chain.doFilter(request, response);
			return;
		}
		String key = request.getHeader(HEADER);
		if (!VALID_KEY.matcher(key).matches()) {
			writeProblem(response,
					Problems
						.of(HttpStatus.BAD_REQUEST, "invalid-idempotency-key", "Invalid Idempotency-Key",
								"Idempotency-Key must be 1 to 255 visible ASCII characters.")
						.getBody());
			return;
		}
		CachedBodyRequest cachedRequest = new CachedBodyRequest(request);
		String fingerprint = fingerprint(request, cachedRequest.body);
		Scope scope = new Scope(caller.get().requireTenantId().toString(), principal(caller.get()), key);
		RecordedResponse recorded = new RecordedResponse(response);
		try {
			this.transactions.executeWithoutResult((tx) -> {
				if (claim(scope, fingerprint)) {
					run(chain, cachedRequest, recorded);
					if (recorded.getStatus() / 100 == 2 && request.getAttribute(FAILED) == null) {
						store(scope, recorded);
					}
					else {
						tx.setRollbackOnly();
					}
				}
				else {
					replay(scope, fingerprint, recorded);
				}
			});
		}
		catch (FilterChainFailure failure) {
			failure.rethrow();
		}
		catch (UnexpectedRollbackException ex) {
			// A handler caught a failure of work that joined this transaction and
			// answered 2xx anyway: nothing was kept, so the answer must not say done.
			log.error("Idempotent request rolled back after its handler answered {}", recorded.getStatus(), ex);
			rolledBack(response, recorded);
			return;
		}
		catch (TransactionException ex) {
			if (!recorded.streaming()) {
				throw ex;
			}
			// The commit failed with the stream already out: its last event says so.
			log.error("Idempotent stream not committed", ex);
			rolledBack(response, recorded);
			return;
		}
		recorded.release();
	}

	/**
	 * Tells the client that nothing was kept: a problem response, or, for a stream whose
	 * events are already out, a last {@code error} event.
	 */
	private static void rolledBack(HttpServletResponse response, RecordedResponse recorded) throws IOException {
		String detail = "The request could not be completed and nothing was changed. It has been logged.";
		if (!recorded.streaming()) {
			// The handler's status and headers (a Location, say) must not go out with it.
			response.reset();
			Problems.write(response, Problems.detail(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error", detail));
			return;
		}
		// What the handler's writer still held goes out first.
		recorded.flushBuffer();
		ProblemDetail problem = Problems.detail(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error", detail);
		response.getOutputStream().write("event: error\ndata: ".getBytes(StandardCharsets.UTF_8));
		response.getOutputStream().write(ProblemJson.bytes(problem));
		response.getOutputStream().write("\n\n".getBytes(StandardCharsets.UTF_8));
		response.flushBuffer();
	}

	private boolean claim(Scope scope, String fingerprint) {
		// Takes a fresh key, or one whose previous use has expired. A live key held by an
		// uncommitted
		// request makes this wait for that request's outcome.
		List<Boolean> claimed = this.jdbc.queryForList("""
				INSERT INTO idempotency_key (tenant_id, principal, idempotency_key, fingerprint,
					response_status, response_headers, response_body)
				VALUES (?::uuid, ?, ?, ?, 0, '{}', '')
				ON CONFLICT (tenant_id, principal, idempotency_key) DO UPDATE
					SET fingerprint = excluded.fingerprint, response_status = 0, response_headers = '{}',
						response_body = '', created_at = now()
					WHERE idempotency_key.created_at < now() - make_interval(secs => ?)
				RETURNING true""", Boolean.class, scope.tenantId, scope.principal, scope.key, fingerprint,
				this.ttl.toSeconds());
		return !claimed.isEmpty();
	}

	private void store(Scope scope, RecordedResponse response) {
		Map<String, String> headers = new LinkedHashMap<>();
		for (String name : STORED_HEADERS) {
			String value = response.getHeader(name);
			if (value != null) {
				headers.put(name, value);
			}
		}
		this.jdbc.update("""
				UPDATE idempotency_key SET response_status = ?, response_headers = ?::jsonb, response_body = ?
				WHERE tenant_id = ?::uuid AND principal = ? AND idempotency_key = ?""", response.getStatus(),
				JSON.writeValueAsString(headers), response.body(), scope.tenantId, scope.principal, scope.key);
	}

	private void replay(Scope scope, String fingerprint, HttpServletResponse response) {
		this.jdbc.query("""
				SELECT fingerprint, response_status, response_headers, response_body FROM idempotency_key
				WHERE tenant_id = ?::uuid AND principal = ? AND idempotency_key = ?""", (row) -> {
			if (!row.getString("fingerprint").equals(fingerprint)) {
				writeProblem(response,
						Problems
							.of(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused", "Idempotency-Key reused",
									"This Idempotency-Key was already used with a different request. Use a new key.")
							.getBody());
				return;
			}
			response.setStatus(row.getInt("response_status"));
			Map<String, String> headers = JSON.readValue(row.getString("response_headers"), new TypeReference<>() {
			});
			headers.forEach(response::setHeader);
			response.setHeader(REPLAYED_HEADER, "true");
			try {
				response.getOutputStream().write(row.getBytes("response_body"));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}, scope.tenantId, scope.principal, scope.key);
	}

	private static void run(FilterChain chain, HttpServletRequest request, HttpServletResponse response) {
		try {
			chain.doFilter(request, response);
		}
		catch (IOException | ServletException ex) {
			throw new FilterChainFailure(ex);
		}
	}

	private static String principal(CallerIdentity caller) {
		if (caller.userId() != null) {
			return "user:" + caller.userId();
		}
		return caller.role().claimValue() + ":" + caller.claims().getOrDefault("service", "unknown");
	}

	private static String fingerprint(HttpServletRequest request, byte[] body) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest
				.update((request.getMethod() + " " + request.getRequestURI() + "\n").getBytes(StandardCharsets.UTF_8));
			digest.update(body);
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void writeProblem(HttpServletResponse response, ProblemDetail problem) {
		try {
			Problems.write(response, problem);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private record Scope(String tenantId, String principal, String key) {
	}

	/** Carries a checked failure of the filter chain out of the transaction callback. */
	private static final class FilterChainFailure extends RuntimeException {

		FilterChainFailure(Exception cause) {
			super(cause);
		}

		void rethrow() throws IOException, ServletException {
			if (getCause() instanceof IOException io) {
				throw io;
			}
			throw (ServletException) getCause();
		}

	}

	/**
	 * The body is read up front: it is both fingerprinted and handed on to the handler.
	 */
	private static final class CachedBodyRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		CachedBodyRequest(HttpServletRequest request) throws IOException {
			super(request);
			this.body = request.getInputStream().readAllBytes();
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream source = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return source.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return source.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return source.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("Synchronous reads only");
				}

			};
		}

		@Override
		public BufferedReader getReader() {
			return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
		}

	}

}
