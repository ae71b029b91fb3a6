package com.flowsupport.ticket.rules;

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

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.flowsupport.shared.audit.AdminAudit;
import com.flowsupport.shared.events.Uuids;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.Problems;
import com.flowsupport.ticket.condition.FieldValues;
import com.flowsupport.ticket.field.CustomFields;
import com.flowsupport.ticket.ticket.FieldChange;
import com.flowsupport.shared.web.JsonReader;
import com.flowsupport.ticket.ticket.Tags;
import com.flowsupport.ticket.ticket.Ticket;
import com.flowsupport.ticket.ticket.TicketChanges;
import com.flowsupport.ticket.ticket.TicketService;

/**
 * Macros: admins share them with the tenant, any agent keeps personal ones. Applying a
 * macro is one ticket update through the ticket service (so triggers, routing and SLA
 * react to it, and the audit trail names the macro), followed by its comment.
 */
@Service
class MacroService {

	private static final Set<String> CREATE_FIELDS = Set.of("name", "description", "active", "position", "personal",
			"actions");

	private static final Set<String> PATCH_FIELDS = Set.of("name", "description", "active", "position", "actions");

	private final MacroRepository macros;

	private final TicketService tickets;

	private final CustomFields customFields;

	private final JsonMapper json;

	private final Clock clock;

	private final AdminAudit audit;

	MacroService(MacroRepository macros, TicketService tickets, CustomFields customFields, JsonMapper json, Clock clock,
			AdminAudit audit) {
		this.macros = macros;
		this.tickets = tickets;
		this.customFields = customFields;
		this.json = json;
		this.clock = clock;
		this.audit = audit;
	}

	/** The comment a macro adds, rendered for one ticket. */
	record PlannedComment(String body, boolean isPublic) {
	}

	/**
	 * What applying a macro to a ticket would do, without doing it.
	 *
	 * @param changes each field the macro changes, from its current value
	 */
	record Preview(UUID ticketId, long version, List<FieldChange> changes, @Nullable PlannedComment comment) {
	}

	@Transactional(readOnly = true)
	List<Macro> page(@Nullable ListPosition after, int limit) {
		CallerIdentity caller = requireStaff();
		return this.macros.page(caller.requireTenantId(), caller.userId(), after, limit);
	}

	@Transactional(readOnly = true)
	Macro get(UUID id) {
		return find(requireStaff(), id);
	}

	/**
	 * Agents create personal macros; admins create shared ones unless they ask for a
	 * personal one.
	 */
	@Transactional
	Macro create(JsonNode body) {
		CallerIdentity caller = requireStaff();
		UUID tenantId = caller.requireTenantId();
		JsonReader in = new JsonReader(body, CREATE_FIELDS);
		RuleParser rules = new RuleParser(in, this.customFields, this.json);
		RuleParser.Header header = rules.header(body, null);
		Boolean personalAsked = in.bool("personal");
		List<Action> actions = rules.actions(body.get("actions"), RuleParser.Use.MACRO);
		in.finish();
		boolean admin = caller.role() == AppRole.ADMIN;
		boolean personal = (personalAsked != null) ? personalAsked : !admin;
		if (!personal && !admin) {
			throw new AccessDeniedException("Only admins create shared macros");
		}
		UUID owner = personal ? Objects.requireNonNull(caller.userId()) : null;
		Instant now = this.clock.instant();
		Macro macro = new Macro(Uuids.timeOrdered(), owner, header.name(), header.description(), header.active(),
				(header.position() != null) ? header.position() : this.macros.nextPosition(tenantId, caller.userId()),
				actions, 0, now, now);
		this.macros.insert(tenantId, macro);
		auditShared(macro, "macro.created");
		return find(caller, macro.id());
	}

	@Transactional
	Macro update(UUID id, JsonNode body, @Nullable Long expectedVersion) {
		CallerIdentity caller = requireStaff();
		Macro current = findWritable(caller, id);
		if (expectedVersion != null && expectedVersion != current.version()) {
			throw Problems.preconditionFailed();
		}
		JsonReader in = new JsonReader(body, PATCH_FIELDS);
		RuleParser rules = new RuleParser(in, this.customFields, this.json);
		RuleParser.Header header = rules.header(body,
				new RuleParser.Header(current.name(), current.description(), current.active(), current.position()));
		List<Action> actions = body.has("actions") ? rules.actions(body.get("actions"), RuleParser.Use.MACRO)
				: current.actions();
		in.finish();
		this.macros.update(caller.requireTenantId(),
				new Macro(current.id(), current.ownerId(), header.name(), header.description(), header.active(),
						Objects.requireNonNull(header.position()), actions, current.version(), current.createdAt(),
						this.clock.instant()));
		auditShared(current, "macro.updated");
		return find(caller, id);
	}

	@Transactional
	void delete(UUID id) {
		CallerIdentity caller = requireStaff();
		Macro macro = findWritable(caller, id);
		this.macros.delete(caller.requireTenantId(), id);
		auditShared(macro, "macro.deleted");
	}

	/**
	 * Applies the macro's field changes as one update of the ticket (at
	 * {@code expectedVersion}, when given), then adds its comment.
	 */
	@Transactional
	Ticket apply(UUID ticketId, UUID macroId, @Nullable Long expectedVersion) {
		CallerIdentity caller = requireStaff();
		Ticket ticket = this.tickets.get(ticketId);
		Macro macro = findActive(caller, macroId);
		if (expectedVersion != null && expectedVersion != ticket.version()) {
			throw Problems.preconditionFailed();
		}
		Plan plan = plan(macro, ticket, caller);
		Ticket updated = plan.changes().isEmpty() ? ticket
				: this.tickets.update(ticketId, expectedVersion, plan.changes(), "macro:" + macro.id());
		Map<String, Object> comment = plan.comment();
		if (comment == null) {
			return updated;
		}
		this.tickets.addComment(ticketId,
				new TicketService.NewComment(Placeholders.render(comment.get("body").toString(), updated),
						Boolean.TRUE.equals(comment.get("public")), null, null, null, null, List.of(), null));
		return this.tickets.get(ticketId);
	}

	@Transactional(readOnly = true)
	Preview preview(UUID ticketId, UUID macroId) {
		CallerIdentity caller = requireStaff();
		Ticket ticket = this.tickets.get(ticketId);
		Plan plan = plan(findActive(caller, macroId), ticket, caller);
		Map<String, Object> comment = plan.comment();
		return new Preview(ticket.id(), ticket.version(), plan.preview(),
				(comment != null) ? new PlannedComment(Placeholders.render(comment.get("body").toString(), ticket),
						Boolean.TRUE.equals(comment.get("public"))) : null);
	}

	/**
	 * The macro's actions as ticket changes, and what they would change on this ticket as
	 * it stands (the preview).
	 */
	private Plan plan(Macro macro, Ticket ticket, CallerIdentity caller) {
		TicketChanges changes = new TicketChanges();
		Map<String, FieldChange> preview = new LinkedHashMap<>();
		List<String> tags = ticket.tags();
		Map<String, @Nullable Object> fieldPatch = new LinkedHashMap<>();
		Map<String, Object> comment = null;
		for (Action action : macro.actions()) {
			switch (action.field()) {
				case Action.STATUS -> {
					changes.status(ActionValues.status(action));
					change(preview, "status", ticket.status().value(), ActionValues.text(action));
				}
				case Action.PRIORITY -> {
					changes.priority(ActionValues.priority(action));
					change(preview, "priority", ticket.priority().value(), ActionValues.text(action));
				}
				case Action.TYPE -> {
					changes.type(ActionValues.type(action));
					change(preview, "type", ticket.type().value(), ActionValues.text(action));
				}
				case Action.GROUP -> {
					changes.group(ActionValues.id(action));
					change(preview, "groupId", ticket.groupId(), ActionValues.id(action));
				}
				case Action.ASSIGNEE -> {
					UUID assignee = ActionValues.assignee(action, caller);
					if (assignee == null && ActionValues.isCurrentUser(action)) {
						throw Problems.unprocessable(Map.of("assignee", "the macro assigns to the current user, and "
								+ "the caller is not a user who can be assigned"));
					}
					changes.assignee(assignee);
					change(preview, "assigneeId", ticket.assigneeId(), assignee);
				}
				case Action.ADD_TAGS -> {
					changes.addTags(ActionValues.tags(action));
					LinkedHashSet<String> all = new LinkedHashSet<>(tags);
					all.addAll(ActionValues.tags(action));
					tags = List.copyOf(all);
				}
				case Action.REMOVE_TAGS -> {
					changes.removeTags(ActionValues.tags(action));
					List<String> removed = ActionValues.tags(action);
					tags = tags.stream().filter((tag) -> !removed.contains(tag)).toList();
				}
				case Action.SET_TAGS -> {
					changes.tags(ActionValues.tags(action));
					tags = ActionValues.tags(action);
				}
				case Action.COMMENT -> comment = action.members();
				default -> {
					changes.customField(ActionValues.customFieldKey(action), action.value());
					fieldPatch.put(ActionValues.customFieldKey(action), action.value());
				}
			}
		}
		change(preview, "tags", ticket.tags(), Tags.normalize(tags));
		Map<String, Object> before = ticket.customFields();
		Map<String, Object> after = this.customFields.merge(before, fieldPatch);
		for (String key : fieldPatch.keySet()) {
			change(preview, "customFields." + key, before.get(key), after.get(key));
		}
		return new Plan(changes, List.copyOf(preview.values()), comment);
	}

	private static void change(Map<String, FieldChange> preview, String field, @Nullable Object from,
			@Nullable Object to) {
		if (!FieldValues.same(from, to) || (from == null) != (to == null)) {
			preview.put(field, new FieldChange(field, from, to));
		}
	}

	private record Plan(TicketChanges changes, List<FieldChange> preview, @Nullable Map<String, Object> comment) {
	}

	/** Shared macros are the tenant's configuration; personal ones are an agent's own. */
	private void auditShared(Macro macro, String action) {
		if (macro.ownerId() == null) {
			this.audit.record(action, "macro", macro.id(), Map.of("name", macro.name()));
		}
	}

	private Macro find(CallerIdentity caller, UUID id) {
		return this.macros.find(caller.requireTenantId(), caller.userId(), id)
			.orElseThrow(() -> Problems.notFound("Macro"));
	}

	private Macro findActive(CallerIdentity caller, UUID id) {
		Macro macro = find(caller, id);
		if (!macro.active()) {
			throw Problems.of(HttpStatus.CONFLICT, "macro-inactive", "Macro inactive",
					"The macro '" + macro.name() + "' is inactive; activate it before applying it.");
		}
		return macro;
	}

	/** Shared macros are the admins' to change; personal ones their owner's. */
	private Macro findWritable(CallerIdentity caller, UUID id) {
		Macro macro = find(caller, id);
		if (macro.ownerId() == null && caller.role() != AppRole.ADMIN) {
			throw new AccessDeniedException("Only admins change shared macros");
		}
		return macro;
	}

	private static CallerIdentity requireStaff() {
		return Tenancy.requireRole(AppRole.AGENT, AppRole.ADMIN);
	}

}
