package com.flowsupport.ticket.search;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.CursorPage;
import com.flowsupport.shared.web.Cursors;
import com.flowsupport.shared.web.Instants;
import com.flowsupport.ticket.ticket.Priority;
import com.flowsupport.shared.db.SqlValues;
import com.flowsupport.ticket.ticket.Ticket;
import com.flowsupport.ticket.ticket.TicketRepository;
import com.flowsupport.ticket.ticket.TicketStatus;
import com.flowsupport.ticket.ticket.TicketType;
import com.flowsupport.ticket.ticket.TicketView;

/**
 * Finds tickets for a {@link TicketFilter}: one SQL statement with bound parameters,
 * keyset-paginated, filtered by tenant (and by row-level security, whatever the filter
 * says). Free text runs against the stored {@code tsvector} of subject, description and
 * comments; a word the tenant's tickets never contain is widened to its nearest known
 * words by trigram similarity, so typos still find their tickets.
 */
@Service
public class TicketFinder {

	/**
	 * The orders results can come in; the default is relevance for text, else newest.
	 * Relevance orders the {@value #RANKED_CANDIDATES} newest matches.
	 */
	public enum Sort {

		NEWEST, OLDEST, UPDATED, RELEVANCE;

		public static Optional<Sort> parse(String value) {
			return Arrays.stream(values()).filter((sort) -> sort.name().equalsIgnoreCase(value)).findFirst();
		}

	}

	static final int SIMILAR_WORDS = 3;

	/** Words longer than the lexicon keeps are never typos of a known word. */
	static final int MAX_TYPO_WORD = 40;

	static final double TYPO_CANDIDATE_SIMILARITY = 0.2;

	/**
	 * How many of the newest matching tickets a relevance-sorted search ranks: ranking
	 * costs about 30 microseconds a candidate, most of it reading the candidate's text.
	 */
	static final int RANKED_CANDIDATES = 200;

	private final JdbcClient jdbc;

	private final TicketRepository tickets;

	private final DirectoryNames names;

	TicketFinder(JdbcClient jdbc, TicketRepository tickets, DirectoryNames names) {
		this.jdbc = jdbc;
		this.tickets = tickets;
		this.names = names;
	}

	@Transactional(readOnly = true)
	public CursorPage<TicketView> find(TicketFilter filter, @Nullable Sort requestedSort, @Nullable String cursor,
			int limit) {
		CallerIdentity caller = Tenancy.require();
		Sort sort = (requestedSort != null) ? requestedSort : filter.hasText() ? Sort.RELEVANCE : Sort.NEWEST;
		if (sort == Sort.RELEVANCE && !filter.hasText()) {
			sort = Sort.NEWEST;
		}
		Query query = where(caller, filter);
		Key after = Cursors.decode(cursor, Key.class);
		if (after != null && after.sort() != sort) {
			throw SearchQuery.invalid("The cursor belongs to another sort order.");
		}
		List<Ranked> rows;
		if (sort == Sort.RELEVANCE) {
			rows = rankNewestMatches(query, after, limit);
		}
		else {
			rows = select("ticket WHERE " + query.where, new ArrayList<>(query.params), query, sort, after, limit);
		}
		Sort used = sort;
		return CursorPage.fromLookahead(rows, limit, (ranked) -> keyOf(used, ranked))
			.map((ranked) -> TicketView.of(ranked.ticket()));
	}

	/** How many tickets match, for views' counts. */
	@Transactional(readOnly = true)
	public long count(TicketFilter filter) {
		Query query = where(Tenancy.require(), filter);
		List<Object> params = new ArrayList<>(query.params);
		return this.jdbc.sql("SELECT count(*) FROM ticket WHERE " + query.where)
			.params(params)
			.query(Long.class)
			.single();
	}

	/**
	 * Relevance ranks the {@value #RANKED_CANDIDATES} newest matches: ranking reads every
	 * candidate row, and a common word can match most of a large tenant's tickets.
	 */
	private List<Ranked> rankNewestMatches(Query query, @Nullable Key after, int limit) {
		String newest = "(SELECT * FROM ticket WHERE " + query.where + " ORDER BY id DESC LIMIT " + RANKED_CANDIDATES
				+ ") recent";
		return select(newest, new ArrayList<>(query.params), query, Sort.RELEVANCE, after, limit);
	}

	private List<Ranked> select(String source, List<Object> sourceParams, Query query, Sort sort, @Nullable Key after,
			int limit) {
		List<Object> params = new ArrayList<>();
		String rank = "0";
		if (query.textQuery != null) {
			// The select list comes first in the statement, so do its parameters.
			rank = "ts_rank_cd(search, " + query.textQuery + ")";
			params.addAll(query.textParams);
		}
		params.addAll(sourceParams);
		StringBuilder sql = new StringBuilder("SELECT * FROM (SELECT ").append(TicketRepository.COLUMNS)
			.append(", ")
			.append(rank)
			.append("::float8 AS rank FROM ")
			.append(source)
			.append(") matched");
		if (after != null) {
			sql.append(" WHERE ").append(keyset(sort));
			params.addAll(keysetParams(sort, after));
		}
		sql.append(" ORDER BY ").append(order(sort)).append(" LIMIT ?");
		params.add(limit + 1);
		return this.jdbc.sql(sql.toString())
			.params(params)
			.query((rs, row) -> new Ranked(this.tickets.map(rs, row), rs.getDouble("rank")))
			.list();
	}

	/** A ticket found, with its rank (0 unless sorted by relevance). */
	record Ranked(Ticket ticket, double rank) {
	}

	/** A keyset position: the sort, the last row's sort value and id. */
	record Key(Sort sort, @Nullable Double rank, @Nullable Instant at, UUID id) {
	}

	private static Key keyOf(Sort sort, Ranked row) {
		return switch (sort) {
			case RELEVANCE -> new Key(sort, row.rank(), null, row.ticket().id());
			case UPDATED -> new Key(sort, null, row.ticket().updatedAt(), row.ticket().id());
			case NEWEST, OLDEST -> new Key(sort, null, null, row.ticket().id());
		};
	}

	private static String order(Sort sort) {
		return switch (sort) {
			case NEWEST -> "id DESC";
			case OLDEST -> "id ASC";
			case UPDATED -> "updated_at DESC, id DESC";
			case RELEVANCE -> "rank DESC, id DESC";
		};
	}

	private static String keyset(Sort sort) {
		return switch (sort) {
			case NEWEST -> "id < ?";
			case OLDEST -> "id > ?";
			case UPDATED -> "(updated_at, id) < (?, ?)";
			case RELEVANCE -> "(rank, id) < (?, ?)";
		};
	}

	private static List<Object> keysetParams(Sort sort, Key key) {
		return switch (sort) {
			case NEWEST, OLDEST -> List.of(key.id());
			case UPDATED -> List.of(SqlValues.time(requireKey(key.at())), key.id());
			case RELEVANCE -> List.of(requireKey(key.rank()), key.id());
		};
	}

	private static <T> T requireKey(@Nullable T value) {
		if (value == null) {
			throw SearchQuery.invalid("The cursor is not one this API issued.");
		}
		return value;
	}

	/** A WHERE clause and its parameters; {@code textQuery} is the tsquery expression. */
	private static final class Query {

		final StringBuilder where = new StringBuilder();

		final List<Object> params = new ArrayList<>();

		@Nullable String textQuery;

		final List<Object> textParams = new ArrayList<>();

		void and(String clause, Object... values) {
			if (!this.where.isEmpty()) {
				this.where.append(" AND ");
			}
			this.where.append(clause);
			this.params.addAll(Arrays.asList(values));
		}

	}

	private Query where(CallerIdentity caller, TicketFilter filter) {
		Query query = new Query();
		UUID tenantId = caller.requireTenantId();
		query.and("tenant_id = ?", tenantId);
		if (caller.role() == AppRole.CUSTOMER) {
			// What the policy enforces anyway, stated so the planner can use the indexes.
			query.and("(requester_id = ? OR follower_ids @> ARRAY[?]::uuid[])", caller.userId(), caller.userId());
		}
		for (TicketFilter.Condition condition : filter.conditions()) {
			condition(query, caller, condition);
		}
		String text = textQuery(tenantId, filter, query);
		if (text != null) {
			query.textQuery = text;
			query.and("search @@ " + text);
			query.params.addAll(query.textParams);
		}
		return query;
	}

	private void condition(Query query, CallerIdentity caller, TicketFilter.Condition condition) {
		String not = condition.negated() ? "NOT " : "";
		String value = condition.value();
		switch (condition.field()) {
			case "status" ->
				ordered(query, condition, "status", TicketStatus::parse, TicketStatus.values(), TicketStatus::value);
			case "priority" ->
				ordered(query, condition, "priority", Priority::parse, Priority.values(), Priority::value);
			case "type" -> {
				requireIs(condition);
				TicketType type = TicketType.parse(value)
					.orElseThrow(() -> SearchQuery.invalid("type is one of question, incident, problem, task."));
				query.and(not + "(type = ?)", type.value());
			}
			case "assignee" -> person(query, caller, condition, "assignee_id");
			case "requester" -> person(query, caller, condition, "requester_id");
			case "follower" -> {
				requireIs(condition);
				UUID follower = "me".equals(value) ? caller.userId() : this.names.userId(value);
				query.and(not + "(follower_ids @> ARRAY[?]::uuid[])", String.valueOf(follower));
			}
			case "group" -> {
				requireIs(condition);
				if ("none".equals(value)) {
					query.and(not + "(group_id IS NULL)");
				}
				else {
					query.and(not + "(group_id IS NOT DISTINCT FROM ?)", SqlValues.uuid(this.names.groupId(value)));
				}
			}
			case "tag" -> {
				requireIs(condition);
				query.and(not + "(tags @> ARRAY[?]::text[])", value.toLowerCase(Locale.ROOT));
			}
			case "channel" -> {
				requireIs(condition);
				query.and(not + "(channel = ?)", value.toLowerCase(Locale.ROOT));
			}
			case "created" -> time(query, condition, "created_at");
			case "updated" -> time(query, condition, "updated_at");
			case "solved" -> time(query, condition, "solved_at");
			case "due" -> time(query, condition, "due_at");
			case "number" -> {
				long number;
				try {
					number = Long.parseLong(value.startsWith("#") ? value.substring(1) : value);
				}
				catch (NumberFormatException ex) {
					throw SearchQuery.invalid("number takes a ticket number, like number:42.");
				}
				query.and(not + "(number " + sqlOperator(condition.operator()) + " ?)", number);
			}
			case "satisfaction" -> {
				requireIs(condition);
				if (!value.equals("good") && !value.equals("bad")) {
					throw SearchQuery.invalid("satisfaction is good or bad.");
				}
				query.and(not + "(satisfaction_score IS NOT DISTINCT FROM ?)", value);
			}
			case "sla" -> {
				requireIs(condition);
				if (!value.equals("breached")) {
					throw SearchQuery.invalid("sla takes the value breached.");
				}
				query.and(not + "(sla_breached_at IS NOT NULL)");
			}
			case "has" -> {
				requireIs(condition);
				String column = switch (value) {
					case "assignee" -> "assignee_id";
					case "group" -> "group_id";
					case "problem" -> "problem_id";
					case "due" -> "due_at";
					default -> throw SearchQuery.invalid("has takes assignee, group, problem or due.");
				};
				query.and(not + "(" + column + " IS NOT NULL)");
			}
			default -> throw SearchQuery.invalid("Unknown field '" + condition.field() + "'.");
		}
	}

	private static <E extends Enum<E>> void ordered(Query query, TicketFilter.Condition condition, String column,
			Function<String, Optional<E>> parser, E[] all, Function<E, String> value) {
		E bound = parser.apply(condition.value().toLowerCase(Locale.ROOT))
			.orElseThrow(
					() -> SearchQuery.invalid(column + " is one of " + Arrays.stream(all).map(value).toList() + "."));
		List<String> matching = new ArrayList<>();
		for (E candidate : all) {
			int compared = Integer.compare(candidate.ordinal(), bound.ordinal());
			boolean matches = switch (condition.operator()) {
				case IS -> compared == 0;
				case LESS -> compared < 0;
				case LESS_OR_EQUAL -> compared <= 0;
				case GREATER -> compared > 0;
				case GREATER_OR_EQUAL -> compared >= 0;
			};
			if (matches) {
				matching.add(value.apply(candidate));
			}
		}
		query.and((condition.negated() ? "NOT " : "") + "(" + column + " = ANY (?::text[]))",
				(Object) matching.toArray(String[]::new));
	}

	private void person(Query query, CallerIdentity caller, TicketFilter.Condition condition, String column) {
		requireIs(condition);
		String not = condition.negated() ? "NOT " : "";
		String value = condition.value();
		if ("none".equals(value)) {
			query.and(not + "(" + column + " IS NULL)");
			return;
		}
		UUID person = "me".equals(value) ? caller.userId() : this.names.userId(value);
		query.and(not + "(" + column + " IS NOT DISTINCT FROM ?)", SqlValues.uuid(person));
	}

	private static void time(Query query, TicketFilter.Condition condition, String column) {
		String value = condition.value();
		boolean wholeDay = value.length() == 10;
		Instant at;
		try {
			at = wholeDay ? LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC) : Instants.parse(value);
		}
		catch (DateTimeParseException ex) {
			at = null;
		}
		if (at == null) {
			throw SearchQuery.invalid(column.replace("_at", "") + " takes a date (2026-01-31) or an instant "
					+ "(2026-01-31T17:00:00Z).");
		}
		String not = condition.negated() ? "NOT " : "";
		Instant dayEnd = at.plusSeconds(86_400);
		switch (condition.operator()) {
			case IS -> {
				if (wholeDay) {
					query.and(not + "(" + column + " >= ? AND " + column + " < ?)", SqlValues.time(at),
							SqlValues.time(dayEnd));
				}
				else {
					query.and(not + "(" + column + " = ?)", SqlValues.time(at));
				}
			}
			case GREATER -> query.and(not + "(" + column + " >= ?)", SqlValues.time(wholeDay ? dayEnd : at));
			case GREATER_OR_EQUAL -> query.and(not + "(" + column + " >= ?)", SqlValues.time(at));
			case LESS -> query.and(not + "(" + column + " < ?)", SqlValues.time(at));
			case LESS_OR_EQUAL -> query.and(not + "(" + column + " < ?)", SqlValues.time(wholeDay ? dayEnd : at));
		}
	}

	private static String sqlOperator(TicketFilter.Operator operator) {
		return switch (operator) {
			case IS -> "=";
			case LESS -> "<";
			case LESS_OR_EQUAL -> "<=";
			case GREATER -> ">";
			case GREATER_OR_EQUAL -> ">=";
		};
	}

	private static void requireIs(TicketFilter.Condition condition) {
		if (condition.operator() != TicketFilter.Operator.IS) {
			throw SearchQuery.invalid(condition.field() + " compares only with ':'.");
		}
	}

	/**
	 * The tsquery for the free text, as SQL over bound parameters: each word must match,
	 * a word unknown to the tenant may match any of its nearest known words instead,
	 * phrases must match in order, excluded words must not match.
	 */
	private @Nullable String textQuery(UUID tenantId, TicketFilter filter, Query query) {
		List<String> parts = new ArrayList<>();
		List<String> words = filter.words().stream().map((word) -> word.toLowerCase(Locale.ROOT)).toList();
		Map<String, List<String>> similar = words.isEmpty() ? Map.of() : similarWords(tenantId, words);
		for (String word : words) {
			StringBuilder part = new StringBuilder("(plainto_tsquery('english', ?)");
			query.textParams.add(word);
			for (String alternative : similar.getOrDefault(word, List.of())) {
				part.append(" || plainto_tsquery('english', ?)");
				query.textParams.add(alternative);
			}
			parts.add(part.append(")").toString());
		}
		for (String phrase : filter.phrases()) {
			parts.add("phraseto_tsquery('english', ?)");
			query.textParams.add(phrase);
		}
		for (String excluded : filter.excludedWords()) {
			parts.add("(!! phraseto_tsquery('english', ?))");
			query.textParams.add(excluded);
		}
		return parts.isEmpty() ? null : "(" + String.join(" && ", parts) + ")";
	}

	/**
	 * The known words nearest to each word the tenant's tickets never contain. Trigram
	 * similarity finds the candidates through the index, with a low bar, because a swap
	 * of two letters in a short word leaves few trigrams in common ("refnud" and "refund"
	 * share 3 of 11); the edit distance then keeps only plausible typos.
	 */
	private Map<String, List<String>> similarWords(UUID tenantId, List<String> words) {
		List<String> candidates = words.stream().filter((word) -> word.length() <= MAX_TYPO_WORD).toList();
		if (candidates.isEmpty()) {
			return Map.of();
		}
		this.jdbc.sql("SELECT set_config('pg_trgm.similarity_threshold', ?, true)")
			.param(String.valueOf(TYPO_CANDIDATE_SIMILARITY))
			.query(String.class)
			.single();
		Map<String, List<String>> similar = new HashMap<>();
		this.jdbc.sql("""
				SELECT w.word, ARRAY(
					SELECT c.term FROM (
						SELECT t.term, levenshtein(t.term, w.word) AS distance,
							min(levenshtein(t.term, w.word)) OVER () AS nearest, similarity(t.term, w.word) AS likeness
						FROM search_term t
						WHERE t.tenant_id = ? AND t.term % w.word
							AND levenshtein(t.term, w.word) <= CASE WHEN length(w.word) <= 4 THEN 1 ELSE 2 END) c
					WHERE c.distance = c.nearest
					ORDER BY c.likeness DESC, c.term LIMIT ?) AS similar
				FROM unnest(?::text[]) AS w(word)
				WHERE NOT EXISTS (SELECT 1 FROM search_term k WHERE k.tenant_id = ? AND k.term = w.word)""")
			.params(tenantId, SIMILAR_WORDS, candidates.toArray(String[]::new), tenantId)
			.query((rs, row) -> {
				similar.put(rs.getString("word"), List.of((String[]) rs.getArray("similar").getArray()));
				return null;
			})
			.list();
		return similar;
	}

}
