package com.flowsupport.ticket.view;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.ErrorResponseException;

import com.flowsupport.shared.audit.AdminAudit;
import com.flowsupport.shared.events.Uuids;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.CursorPage;
import com.flowsupport.shared.web.Problems;
import com.flowsupport.ticket.field.CustomFields;
import com.flowsupport.ticket.field.FieldDefinition;
import com.flowsupport.ticket.search.SearchQuery;
import com.flowsupport.ticket.search.TicketFilter;
import com.flowsupport.ticket.search.TicketFinder;
import com.flowsupport.shared.web.JsonReader;
import com.flowsupport.ticket.ticket.TicketView;

/**
 * Views for staff: agents keep their own, admins also write the tenant's shared ones.
 * What a view shows is checked when it is saved, by running it once, so a saved view
 * never fails when opened; a broken query or condition is a 422 naming it.
 */
@Service
class ViewService {

	static final Set<String> FIELDS = Set.of("name", "query", "conditions", "sort", "columns", "shared");

	static final Set<String> CONDITION_FIELDS = Set.of("field", "operator", "value", "negated");

	static final int NAME_MAX = 120;

	static final int QUERY_MAX = 1_000;

	static final int CONDITIONS_MAX = 30;

	static final int VALUE_MAX = 200;

	private static final String SORTS = Arrays.stream(TicketFinder.Sort.values())
		.map(ViewRepository::sortValue)
		.collect(Collectors.joining(", "));

	private static final String OPERATORS = Arrays.stream(TicketFilter.Operator.values())
		.map((operator) -> operator.name().toLowerCase(Locale.ROOT))
		.collect(Collectors.joining(", "));

	private final ViewRepository views;

	private final ViewCounts counts;

	private final TicketFinder finder;

	private final CustomFields customFields;

	private final Clock clock;

	private final AdminAudit audit;

	ViewService(ViewRepository views, ViewCounts counts, TicketFinder finder, CustomFields customFields, Clock clock,
			AdminAudit audit) {
		this.views = views;
		this.counts = counts;
		this.finder = finder;
		this.customFields = customFields;
		this.clock = clock;
		this.audit = audit;
	}

	/** A view and its ticket count. */
	record Counted(SavedView view, long count) {
	}

	@Transactional(readOnly = true)
	CursorPage<SavedView> list(@Nullable UUID after, int limit) {
		CallerIdentity caller = requireStaff();
		return CursorPage.fromLookahead(this.views.page(caller.requireTenantId(), userOf(caller), after, limit + 1),
				limit, SavedView::id);
	}

	@Transactional(readOnly = true)
	CursorPage<Counted> counts(@Nullable UUID after, int limit) {
		CallerIdentity caller = requireStaff();
		CursorPage<SavedView> page = CursorPage.fromLookahead(
				this.views.page(caller.requireTenantId(), userOf(caller), after, limit + 1), limit, SavedView::id);
		List<Long> counted = this.counts.count(page.items(), caller);
		List<Counted> items = new ArrayList<>();
		for (int i = 0; i < page.items().size(); i++) {
			items.add(new Counted(page.items().get(i), counted.get(i)));
		}
		return new CursorPage<>(items, page.nextCursor());
	}

	@Transactional(readOnly = true)
	SavedView get(UUID id) {
		CallerIdentity caller = requireStaff();
		return find(caller, id);
	}

	/** The tickets the view shows to the caller, in its order. */
	@Transactional(readOnly = true)
	CursorPage<TicketView> tickets(UUID id, @Nullable String cursor, int limit) {
		SavedView view = find(requireStaff(), id);
		return this.finder.find(view.filter(), view.sort(), cursor, limit);
	}

	@Transactional
	SavedView create(@Nullable JsonNode body) {
		CallerIdentity caller = requireStaff();
		Draft draft = read(body);
		requireMayWrite(caller, draft.shared());
		Instant now = this.clock.instant();
		SavedView view = new SavedView(Uuids.timeOrdered(), draft.shared() ? null : userOf(caller), draft.name(),
				draft.query(), draft.conditions(), draft.sort(), draft.columns(), 0, caller.userId(), now, now);
		this.views.insert(caller.requireTenantId(), view);
		auditShared(view, "view.created");
		return view;
	}

	/** Replaces the view, if it is still at {@code expectedVersion} (any when null). */
	@Transactional
	SavedView replace(UUID id, @Nullable Long expectedVersion, @Nullable JsonNode body) {
		CallerIdentity caller = requireStaff();
		SavedView current = find(caller, id);
		requireMayWrite(caller, current.shared());
		Draft draft = read(body);
		requireMayWrite(caller, draft.shared());
		if (expectedVersion != null && expectedVersion != current.version()) {
			throw Problems.preconditionFailed();
		}
		SavedView replaced = new SavedView(id, draft.shared() ? null : userOf(caller), draft.name(), draft.query(),
				draft.conditions(), draft.sort(), draft.columns(), current.version() + 1, current.createdBy(),
				current.createdAt(), this.clock.instant());
		if (!this.views.update(caller.requireTenantId(), replaced, current.version())) {
			throw Problems.preconditionFailed();
		}
		auditShared(current.shared() ? current : replaced, "view.updated");
		return replaced;
	}

	@Transactional
	void delete(UUID id) {
		CallerIdentity caller = requireStaff();
		SavedView view = find(caller, id);
		requireMayWrite(caller, view.shared());
		this.views.delete(caller.requireTenantId(), id);
		auditShared(view, "view.deleted");
	}

	/**
	 * Views shared with every agent are the tenant's configuration; personal ones are
	 * not.
	 */
	private void auditShared(SavedView view, String action) {
		if (view.shared()) {
			this.audit.record(action, "view", view.id(), Map.of("name", view.name()));
		}
	}

	private SavedView find(CallerIdentity caller, UUID id) {
		return this.views.find(caller.requireTenantId(), userOf(caller), id)
			.orElseThrow(() -> Problems.notFound("view"));
	}

	/** What a request asks a view to be, once read and checked. */
	private record Draft(String name, String query, List<SavedView.Condition> conditions, TicketFinder.Sort sort,
			List<String> columns, boolean shared) {
	}

	private Draft read(@Nullable JsonNode body) {
		JsonReader in = new JsonReader(body, FIELDS);
		String name = in.text("name", NAME_MAX, true);
		String query = Objects.requireNonNullElse(in.text("query", QUERY_MAX, false), "").trim();
		List<SavedView.Condition> conditions = conditions(in, (body != null) ? body.get("conditions") : null);
		TicketFinder.Sort sort = in.choice("sort", TicketFinder.Sort::parse, SORTS);
		List<String> columns = in.has("columns") ? in.strings("columns", ViewColumns.MAX) : ViewColumns.DEFAULT;
		boolean shared = Boolean.TRUE.equals(in.bool("shared"));
		String columnProblem = ViewColumns.problemWith(columns,
				this.customFields.definitions().stream().map(FieldDefinition::key).collect(Collectors.toSet()));
		if (columnProblem != null) {
			in.reject("columns", columnProblem);
		}
		TicketFilter queryFilter = null;
		if (!query.isEmpty()) {
			try {
				queryFilter = SearchQuery.parse(query);
			}
			catch (ErrorResponseException ex) {
				in.reject("query", badRequestDetail(ex));
			}
		}
		boolean hasText = queryFilter != null && queryFilter.hasText();
		if (sort == TicketFinder.Sort.RELEVANCE && !hasText) {
			in.reject("sort", "relevance needs free text in the query");
		}
		in.finish();
		// Running the view once checks every value (statuses, dates, people) as the
		// search will read them.
		if (queryFilter != null) {
			tryOut(in, "query", queryFilter);
		}
		if (!conditions.isEmpty()) {
			tryOut(in, "conditions", SavedView.filterOf("", conditions));
		}
		in.finish();
		TicketFinder.Sort order = (sort != null) ? sort
				: hasText ? TicketFinder.Sort.RELEVANCE : TicketFinder.Sort.NEWEST;
		return new Draft(Objects.requireNonNull(name), query, conditions, order, List.copyOf(columns), shared);
	}

	private static List<SavedView.Condition> conditions(JsonReader in, @Nullable JsonNode node) {
		List<SavedView.Condition> conditions = new ArrayList<>();
		if (node == null || node.isNull()) {
			return conditions;
		}
		if (!node.isArray() || node.size() > CONDITIONS_MAX) {
			in.reject("conditions", "must be a list of at most " + CONDITIONS_MAX + " conditions");
			return conditions;
		}
		int index = 0;
		for (JsonNode item : node.values()) {
			String at = "conditions[" + index++ + "]";
			String problem = conditionProblem(item);
			if (problem != null) {
				in.reject(at, problem);
				continue;
			}
			JsonNode operator = item.get("operator");
			JsonNode negated = item.get("negated");
			conditions.add(new SavedView.Condition(item.get("field").stringValue().toLowerCase(Locale.ROOT),
					(operator == null || operator.isNull()) ? "is" : operator.stringValue().toLowerCase(Locale.ROOT),
					item.get("value").stringValue().trim(), negated != null && negated.booleanValue()));
		}
		return conditions;
	}

	private static @Nullable String conditionProblem(JsonNode item) {
		if (!item.isObject()) {
			return "must be an object {field, operator, value, negated}";
		}
		for (String name : item.propertyNames()) {
			if (!CONDITION_FIELDS.contains(name)) {
				return "'" + name + "' is not part of a condition (field, operator, value, negated)";
			}
		}
		JsonNode field = item.get("field");
		if (field == null || !field.isString()
				|| !SearchQuery.FIELDS.contains(field.stringValue().toLowerCase(Locale.ROOT))) {
			return "field must be one of " + SearchQuery.FIELDS.stream().sorted().toList();
		}
		JsonNode operator = item.get("operator");
		if (operator != null && !operator.isNull()
				&& (!operator.isString() || Arrays.stream(TicketFilter.Operator.values())
					.noneMatch((known) -> known.name().equalsIgnoreCase(operator.stringValue())))) {
			return "operator must be one of " + OPERATORS;
		}
		JsonNode value = item.get("value");
		if (value == null || !value.isString() || value.stringValue().isBlank()
				|| value.stringValue().length() > VALUE_MAX) {
			return "value must be a text of 1 to " + VALUE_MAX + " characters";
		}
		JsonNode negated = item.get("negated");
		if (negated != null && !negated.isNull() && !negated.isBoolean()) {
			return "negated must be true or false";
		}
		return null;
	}

	private void tryOut(JsonReader in, String field, TicketFilter filter) {
		try {
			this.finder.find(filter, null, null, 1);
		}
		catch (ErrorResponseException ex) {
			in.reject(field, badRequestDetail(ex));
		}
	}

	/** The client's mistake a search problem describes; anything else goes on up. */
	private static String badRequestDetail(ErrorResponseException ex) {
		if (ex.getStatusCode().value() != HttpStatus.BAD_REQUEST.value()) {
			throw ex;
		}
		ProblemDetail problem = ex.getBody();
		return Objects.requireNonNullElse(problem.getDetail(), "is not valid");
	}

	private static void requireMayWrite(CallerIdentity caller, boolean shared) {
		if (shared && caller.role() != AppRole.ADMIN && caller.role() != AppRole.SUPER_ADMIN) {
			throw new AccessDeniedException("Only admins write shared views");
		}
	}

	private static CallerIdentity requireStaff() {
		return Tenancy.requireRole(AppRole.AGENT, AppRole.ADMIN, AppRole.SUPER_ADMIN);
	}

	private static UUID userOf(CallerIdentity caller) {
		return Objects.requireNonNull(caller.userId(), "staff callers are users");
	}

}
