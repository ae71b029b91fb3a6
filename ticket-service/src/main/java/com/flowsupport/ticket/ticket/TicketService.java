package com.flowsupport.ticket.ticket;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.flowsupport.shared.events.EventPublisher;
import com.flowsupport.shared.events.EventTypes;
import com.flowsupport.shared.events.Uuids;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.Problems;
import com.flowsupport.ticket.field.CustomFields;

/**
 * The ticket use cases. Every create and update goes through one pipeline: the caller's
 * edits, then the {@link TicketHook}s (rules, routing, SLA), then the checks, then one
 * write of the ticket, its audit trail, its notes and its events, all in one transaction.
 */
@Service
public class TicketService {

	static final String VIA_API = "api";

	static final int DESCRIPTION_EVENT_MAX = 8_000;

	private final TicketRepository tickets;

	private final CommentRepository comments;

	private final AuditTrail audit;

	private final CustomFields customFields;

	private final TicketPeople people;

	private final EventPublisher events;

	private final ObjectProvider<TicketHook> hooks;

	private final Clock clock;

	TicketService(TicketRepository tickets, CommentRepository comments, AuditTrail audit, CustomFields customFields,
			TicketPeople people, EventPublisher events, ObjectProvider<TicketHook> hooks, Clock clock) {
		this.tickets = tickets;
		this.people = people;
		this.comments = comments;
		this.audit = audit;
		this.customFields = customFields;
		this.events = events;
		this.hooks = hooks;
		this.clock = clock;
	}

	/**
	 * A ticket to open; {@code initial} holds everything beyond subject and description.
	 */
	public record NewTicket(String subject, String description, @Nullable UUID requesterId, @Nullable String channel,
			TicketChanges initial) {
	}

	/**
	 * A comment to add.
	 *
	 * @param authorId who wrote it, when a service posts for someone (channels, the AI
	 * agent); users always write as themselves
	 * @param authorRole {@code customer} or {@code agent}, for a service posting for
	 * someone
	 * @param status the status to set with the comment ("submit as pending")
	 */
	public record NewComment(String body, boolean isPublic, @Nullable UUID authorId, @Nullable AppRole authorRole,
			@Nullable String channel, @Nullable String externalRef, List<Comment.Attachment> attachments,
			@Nullable TicketStatus status) {
	}

	@Transactional
	public Ticket create(NewTicket request) {
		CallerIdentity caller = Tenancy.require();
		UUID tenantId = caller.requireTenantId();
		UUID requester = requesterFor(caller, request.requesterId());
		Instant now = this.clock.instant();
		String channel = (request.channel() != null) ? request.channel()
				: (caller.role() == AppRole.CUSTOMER) ? "web" : VIA_API;
		Ticket ticket = new Ticket(Uuids.timeOrdered(), tenantId, this.tickets.nextNumber(tenantId), request.subject(),
				request.description(), TicketStatus.NEW, Priority.NORMAL, TicketType.QUESTION, requester,
				caller.userId(), channel, now);
		ticket.recordCreation();
		apply(ticket, request.initial(), now);
		TicketUpdate update = new TicketUpdate(ticket, TicketUpdate.Kind.CREATED, caller, now, null, VIA_API);
		runHooks(update);
		check(update);
		ticket.touch(now);
		this.tickets.insert(ticket);
		record(update);
		this.events.publish(EventTypes.TICKET_CREATED, createdEvent(ticket));
		publishNotifications(update);
		return reload(ticket);
	}

	@Transactional(readOnly = true)
	public Ticket get(UUID id) {
		return this.tickets.findById(Tenancy.require().requireTenantId(), id)
			.orElseThrow(() -> Problems.notFound("Ticket"));
	}

	/**
	 * The ticket to change, locked for the rest of the transaction: concurrent writes to
	 * one ticket (two comments, a comment and an update) wait for each other rather than
	 * one of them failing as a conflict the client never caused.
	 */
	private Ticket lock(UUID id) {
		return this.tickets.findByIdForUpdate(Tenancy.require().requireTenantId(), id)
			.orElseThrow(() -> Problems.notFound("Ticket"));
	}

	/**
	 * Applies {@code changes} if the ticket is still at {@code expectedVersion} (any
	 * version when {@code null}).
	 */
	@Transactional
	public Ticket update(UUID id, @Nullable Long expectedVersion, TicketChanges changes, String via) {
		CallerIdentity caller = requireStaff();
		Ticket ticket = lock(id);
		requireVersion(ticket, expectedVersion);
		Instant now = this.clock.instant();
		apply(ticket, changes, now);
		TicketUpdate update = new TicketUpdate(ticket, TicketUpdate.Kind.UPDATED, caller, now, null, via);
		return save(update);
	}

	@Transactional
	public Comment addComment(UUID ticketId, NewComment request) {
		CallerIdentity caller = Tenancy.require();
		Ticket ticket = lock(ticketId);
		AppRole authorRole = authorRoleOf(caller, request);
		UUID authorId = (caller.role() == AppRole.SERVICE) ? request.authorId() : caller.userId();
		boolean byCustomer = authorRole == AppRole.CUSTOMER;
		if (byCustomer && !request.isPublic()) {
			throw new AccessDeniedException("Customers write public replies only");
		}
		if (byCustomer && request.status() != null) {
			throw new AccessDeniedException("Customers do not set the status");
		}
		Instant now = this.clock.instant();
		if (byCustomer) {
			ticket.customerReplied(now);
		}
		else if (request.isPublic()) {
			ticket.agentReplied(now);
		}
		else {
			ticket.requireOpenForReplies();
		}
		if (request.status() != null) {
			ticket.changeStatus(request.status(), now);
		}
		Comment comment = new Comment(Uuids.timeOrdered(), ticket.id(), authorId, authorRole.claimValue(),
				request.body(), request.isPublic(), (request.channel() != null) ? request.channel() : VIA_API,
				request.externalRef(), request.attachments(), now);
		if (request.externalRef() != null) {
			ticket.addExternalRef(request.externalRef());
		}
		TicketUpdate update = new TicketUpdate(ticket, TicketUpdate.Kind.UPDATED, caller, now,
				new TicketUpdate.CommentContext(request.isPublic(), byCustomer, request.body()), VIA_API);
		this.comments.insert(ticket.tenantId(), comment);
		save(update, List.of(new FieldChange("comment", null,
				Map.of("id", comment.id(), "public", comment.isPublic(), "authorId", String.valueOf(authorId)))));
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("ticketId", ticket.id());
		event.put("ticketNumber", ticket.number());
		event.put("commentId", comment.id());
		event.put("authorId", authorId);
		event.put("authorRole", comment.authorRole());
		event.put("public", comment.isPublic());
		event.put("channel", comment.channel());
		event.put("body", comment.body());
		this.events.publish(EventTypes.COMMENT_CREATED, event);
		return comment;
	}

	@Transactional(readOnly = true)
	public List<Comment> comments(UUID ticketId, @Nullable UUID after, int limit) {
		CallerIdentity caller = Tenancy.require();
		Ticket ticket = get(ticketId);
		return this.comments.page(ticket.tenantId(), ticket.id(), after, caller.role() != AppRole.CUSTOMER, limit);
	}

	@Transactional(readOnly = true)
	List<AuditTrail.Entry> audit(UUID ticketId, @Nullable UUID after, int limit) {
		requireStaff();
		Ticket ticket = get(ticketId);
		return this.audit.page(ticket.tenantId(), ticket.id(), after, limit);
	}

	/**
	 * Merges {@code sourceId} into {@code targetId}: the comments move, the source's
	 * people follow the target, and the source closes with a link to it.
	 */
	@Transactional
	public Ticket merge(UUID sourceId, UUID targetId, @Nullable String note) {
		CallerIdentity caller = requireStaff();
		if (sourceId.equals(targetId)) {
			throw Problems.unprocessable(Map.of("targetId", "a ticket cannot be merged into itself"));
		}
		this.tickets.lockInIdOrder(Tenancy.require().requireTenantId(), sourceId, targetId);
		Ticket source = get(sourceId);
		Ticket target = this.tickets.findById(source.tenantId(), targetId)
			.orElseThrow(() -> Problems.unprocessable(Map.of("targetId", "no such ticket")));
		target.requireOpenForReplies();
		Instant now = this.clock.instant();
		this.comments.move(source.tenantId(), source.id(), target.id());
		source.mergeInto(target.id(), now);
		save(new TicketUpdate(source, TicketUpdate.Kind.UPDATED, caller, now, null, "merge"));
		List<UUID> people = new ArrayList<>(source.followerIds());
		if (!source.requesterId().equals(target.requesterId())) {
			people.add(source.requesterId());
		}
		target.addFollowers(people);
		TicketUpdate targetUpdate = new TicketUpdate(target, TicketUpdate.Kind.UPDATED, caller, now, null, "merge");
		targetUpdate.addNote("Ticket #" + source.number() + " (" + source.subject() + ") was merged into this ticket."
				+ ((note != null && !note.isBlank()) ? "\n\n" + note : ""), "merge");
		Ticket merged = save(targetUpdate,
				List.of(new FieldChange("merged", null, Map.of("ticketId", source.id(), "number", source.number()))));
		this.events.publish(EventTypes.TICKET_MERGED,
				Map.of("ticketId", source.id(), "targetId", target.id(), "targetNumber", target.number()));
		return merged;
	}

	/** The requester rates a solved ticket ({@code good} or {@code bad}). */
	@Transactional
	public Ticket rate(UUID ticketId, String score, @Nullable String comment) {
		CallerIdentity caller = Tenancy.require();
		Ticket ticket = lock(ticketId);
		if (!ticket.requesterId().equals(caller.userId())) {
			throw new AccessDeniedException("Only the requester rates a ticket");
		}
		Instant now = this.clock.instant();
		ticket.rate(score, comment, now);
		return save(new TicketUpdate(ticket, TicketUpdate.Kind.UPDATED, caller, now, null, "satisfaction"));
	}

	/**
	 * Tickets changed after a position, for incremental export. Admins and services only:
	 * it spans the whole tenant.
	 */
	@Transactional(readOnly = true)
	List<Ticket> changedSince(Instant afterTime, UUID afterId, Instant horizon, int limit) {
		CallerIdentity caller = Tenancy.requireRole(AppRole.ADMIN, AppRole.SERVICE);
		return this.tickets.changedSince(caller.requireTenantId(), afterTime, afterId, horizon, limit);
	}

	Instant now() {
		return this.clock.instant();
	}

	// --- the pipeline ---

	private Ticket save(TicketUpdate update) {
		return save(update, List.of());
	}

	private Ticket save(TicketUpdate update, List<FieldChange> extraAudit) {
		runHooks(update);
		check(update);
		Ticket ticket = update.ticket();
		ticket.touch(update.at());
		this.tickets.update(ticket);
		record(update);
		if (!extraAudit.isEmpty()) {
			this.audit.record(ticket, update.actor(), VIA_API, extraAudit, update.at());
		}
		publishChanges(update);
		publishNotifications(update);
		return reload(ticket);
	}

	private void apply(Ticket ticket, TicketChanges changes, Instant at) {
		changes.edits().forEach((edit) -> edit.apply(ticket, at));
		Map<String, @Nullable Object> fieldPatch = changes.customFields();
		if (!fieldPatch.isEmpty()) {
			ticket.replaceCustomFields(this.customFields.merge(ticket.customFields(), fieldPatch));
		}
	}

	private void runHooks(TicketUpdate update) {
		this.hooks.orderedStream().forEach((hook) -> hook.beforeSave(update));
	}

	private void check(TicketUpdate update) {
		Ticket ticket = update.ticket();
		CallerIdentity caller = update.actor();
		this.people.check(update);
		if (ticket.status() == TicketStatus.SOLVED && update.changed("status")) {
			this.customFields.requireComplete(ticket.customFields());
		}
		if (update.changed("problemId") && ticket.problemId() != null) {
			Ticket problem = this.tickets.findById(ticket.tenantId(), ticket.problemId()).orElse(null);
			if (problem == null || problem.type() != TicketType.PROBLEM) {
				throw Problems.unprocessable(Map.of("problemId", "must be a ticket of type problem"));
			}
		}
		if (!TicketAccess.canSee(caller, ticket)) {
			throw new AccessDeniedException("The ticket would be outside what the caller may work on");
		}
	}

	private void record(TicketUpdate update) {
		Ticket ticket = update.ticket();
		for (TicketUpdate.Entry entry : update.entries()) {
			this.audit.record(ticket, update.actor(), entry.via(), entry.changes(), update.at());
		}
		for (TicketUpdate.Note note : update.notes()) {
			this.comments.insert(ticket.tenantId(), new Comment(Uuids.timeOrdered(), ticket.id(), null, "system",
					note.body(), false, note.via(), null, List.of(), update.at()));
		}
	}

	private void publishChanges(TicketUpdate update) {
		List<FieldChange> changes = update.changes();
		if (changes.isEmpty()) {
			return;
		}
		Ticket ticket = update.ticket();
		Map<String, Object> updated = new LinkedHashMap<>();
		updated.put("ticketId", ticket.id());
		updated.put("ticketNumber", ticket.number());
		updated.put("status", ticket.status().value());
		updated.put("changes", changes);
		updated.put("via", update.entries().stream().map(TicketUpdate.Entry::via).distinct().toList());
		this.events.publish(EventTypes.TICKET_UPDATED, updated);
		List<FieldChange> statusChanges = changes.stream().filter((c) -> c.field().equals("status")).toList();
		if (!statusChanges.isEmpty()) {
			Object from = statusChanges.getFirst().from();
			this.events.publish(EventTypes.TICKET_STATUS_CHANGED, Map.of("ticketId", ticket.id(), "ticketNumber",
					ticket.number(), "from", Objects.requireNonNullElse(from, ""), "to", ticket.status().value()));
		}
		if (update.changed("assigneeId") || update.changed("groupId")) {
			Map<String, Object> assigned = new LinkedHashMap<>();
			assigned.put("ticketId", ticket.id());
			assigned.put("ticketNumber", ticket.number());
			assigned.put("assigneeId", ticket.assigneeId());
			assigned.put("groupId", ticket.groupId());
			this.events.publish(EventTypes.TICKET_ASSIGNED, assigned);
		}
	}

	private void publishNotifications(TicketUpdate update) {
		for (TicketUpdate.Notification notification : update.notifications()) {
			Map<String, Object> event = new LinkedHashMap<>();
			event.put("ticketId", update.ticket().id());
			event.put("ticketNumber", update.ticket().number());
			event.put("recipient", notification.recipient());
			event.put("subject", notification.subject());
			event.put("body", notification.body());
			event.put("via", notification.via());
			this.events.publish(EventTypes.TICKET_NOTIFICATION_REQUESTED, event);
		}
	}

	private Map<String, Object> createdEvent(Ticket ticket) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("ticketId", ticket.id());
		event.put("ticketNumber", ticket.number());
		event.put("subject", ticket.subject());
		String description = ticket.description();
		event.put("description", (description.length() > DESCRIPTION_EVENT_MAX)
				? description.substring(0, DESCRIPTION_EVENT_MAX) : description);
		event.put("status", ticket.status().value());
		event.put("priority", ticket.priority().value());
		event.put("type", ticket.type().value());
		event.put("requesterId", ticket.requesterId());
		event.put("assigneeId", ticket.assigneeId());
		event.put("groupId", ticket.groupId());
		event.put("channel", ticket.channel());
		event.put("tags", ticket.tags());
		return event;
	}

	private Ticket reload(Ticket ticket) {
		return this.tickets.findById(ticket.tenantId(), ticket.id()).orElseThrow();
	}

	private static UUID requesterFor(CallerIdentity caller, @Nullable UUID requested) {
		if (caller.role() == AppRole.CUSTOMER) {
			if (requested != null && !requested.equals(caller.userId())) {
				throw new AccessDeniedException("Customers open tickets for themselves");
			}
			return Objects.requireNonNull(caller.userId());
		}
		if (requested != null) {
			return requested;
		}
		if (caller.userId() == null) {
			throw Problems.unprocessable(Map.of("requesterId", "is required when a service opens a ticket"));
		}
		return caller.userId();
	}

	private static AppRole authorRoleOf(CallerIdentity caller, NewComment request) {
		if (caller.role() != AppRole.SERVICE) {
			if (request.authorId() != null || request.authorRole() != null) {
				throw Problems.unprocessable(
						Map.of("authorId", "only services post for someone else; users write as themselves"));
			}
			return (caller.role() == AppRole.CUSTOMER) ? AppRole.CUSTOMER : AppRole.AGENT;
		}
		if (request.authorRole() == null
				|| (request.authorRole() != AppRole.CUSTOMER && request.authorRole() != AppRole.AGENT)) {
			throw Problems.unprocessable(Map.of("authorRole", "a service names the author's role: customer or agent"));
		}
		return request.authorRole();
	}

	private static CallerIdentity requireStaff() {
		return Tenancy.requireRole(AppRole.AGENT, AppRole.ADMIN, AppRole.SUPER_ADMIN, AppRole.SERVICE);
	}

	private static void requireVersion(Ticket ticket, @Nullable Long expected) {
		if (expected != null && expected != ticket.version()) {
			throw Problems.preconditionFailed();
		}
	}

}
