package com.flowsupport.ticket.ticket;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

import com.flowsupport.shared.web.Problems;

/**
 * The ticket aggregate: it guards its own transitions and remembers every change made to
 * it since it was loaded, which becomes the audit trail and the events of the update.
 */
public final class Ticket {

	/**
	 * The channels a ticket or comment can come through, as request validation matches
	 * them.
	 */
	public static final String CHANNEL_PATTERN = "api|web|email|sms|whatsapp|chat|voice";

	public static final List<String> CHANNELS = List.of(CHANNEL_PATTERN.split("\\|"));

	private final UUID id;

	private final UUID tenantId;

	private final long number;

	private String subject;

	private String description;

	private TicketStatus status;

	private Priority priority;

	private TicketType type;

	private UUID requesterId;

	private final @Nullable UUID submitterId;

	private @Nullable UUID assigneeId;

	private @Nullable UUID groupId;

	private List<UUID> followerIds;

	private List<String> tags;

	private final String channel;

	private List<String> externalRefs;

	private Map<String, Object> customFields;

	private @Nullable UUID problemId;

	private @Nullable Instant dueAt;

	private @Nullable UUID mergedIntoId;

	private @Nullable String satisfactionScore;

	private @Nullable String satisfactionComment;

	private @Nullable Instant satisfactionRatedAt;

	private final Sla sla;

	private @Nullable Instant assignedAt;

	private @Nullable Instant solvedAt;

	private @Nullable Instant closedAt;

	private final long version;

	private final Instant createdAt;

	private Instant updatedAt;

	private final List<FieldChange> changes = new ArrayList<>();

	/** The SLA clock of a ticket, kept by the SLA policies. */
	public static final class Sla {

		@Nullable UUID policyId;

		@Nullable Instant firstReplyDueAt;

		@Nullable Instant nextReplyDueAt;

		@Nullable Instant resolutionDueAt;

		@Nullable Instant firstRepliedAt;

		@Nullable Instant breachedAt;

		public @Nullable UUID policyId() {
			return this.policyId;
		}

		public @Nullable Instant firstReplyDueAt() {
			return this.firstReplyDueAt;
		}

		public @Nullable Instant nextReplyDueAt() {
			return this.nextReplyDueAt;
		}

		public @Nullable Instant resolutionDueAt() {
			return this.resolutionDueAt;
		}

		public @Nullable Instant firstRepliedAt() {
			return this.firstRepliedAt;
		}

		public @Nullable Instant breachedAt() {
			return this.breachedAt;
		}

		/**
		 * Sets the policy in force and its targets; {@code null} targets are not tracked.
		 */
		public void apply(@Nullable UUID policy, @Nullable Instant firstReplyDue, @Nullable Instant nextReplyDue,
				@Nullable Instant resolutionDue) {
			this.policyId = policy;
			this.firstReplyDueAt = firstReplyDue;
			this.nextReplyDueAt = nextReplyDue;
			this.resolutionDueAt = resolutionDue;
		}

		public void breached(Instant at) {
			if (this.breachedAt == null) {
				this.breachedAt = at;
			}
		}

	}

	Ticket(UUID id, UUID tenantId, long number, String subject, String description, TicketStatus status,
			Priority priority, TicketType type, UUID requesterId, @Nullable UUID submitterId, String channel,
			Instant createdAt) {
		this.id = id;
		this.tenantId = tenantId;
		this.number = number;
		this.subject = subject;
		this.description = description;
		this.status = status;
		this.priority = priority;
		this.type = type;
		this.requesterId = requesterId;
		this.submitterId = submitterId;
		this.followerIds = List.of();
		this.tags = List.of();
		this.channel = channel;
		this.externalRefs = List.of();
		this.customFields = Map.of();
		this.sla = new Sla();
		this.version = 0;
		this.createdAt = createdAt;
		this.updatedAt = createdAt;
	}

	/** Rebuilds a stored ticket; used by the repository only. */
	Ticket(Stored row) {
		this.id = row.id;
		this.tenantId = row.tenantId;
		this.number = row.number;
		this.subject = row.subject;
		this.description = row.description;
		this.status = row.status;
		this.priority = row.priority;
		this.type = row.type;
		this.requesterId = row.requesterId;
		this.submitterId = row.submitterId;
		this.assigneeId = row.assigneeId;
		this.groupId = row.groupId;
		this.followerIds = List.copyOf(row.followerIds);
		this.tags = List.copyOf(row.tags);
		this.channel = row.channel;
		this.externalRefs = List.copyOf(row.externalRefs);
		this.customFields = Map.copyOf(row.customFields);
		this.problemId = row.problemId;
		this.dueAt = row.dueAt;
		this.mergedIntoId = row.mergedIntoId;
		this.satisfactionScore = row.satisfactionScore;
		this.satisfactionComment = row.satisfactionComment;
		this.satisfactionRatedAt = row.satisfactionRatedAt;
		this.sla = row.sla;
		this.assignedAt = row.assignedAt;
		this.solvedAt = row.solvedAt;
		this.closedAt = row.closedAt;
		this.version = row.version;
		this.createdAt = row.createdAt;
		this.updatedAt = row.updatedAt;
	}

	/** The columns of a stored ticket, as the repository reads them. */
	static final class Stored {

		UUID id;

		UUID tenantId;

		long number;

		String subject;

		String description;

		TicketStatus status;

		Priority priority;

		TicketType type;

		UUID requesterId;

		@Nullable UUID submitterId;

		@Nullable UUID assigneeId;

		@Nullable UUID groupId;

		List<UUID> followerIds;

		List<String> tags;

		String channel;

		List<String> externalRefs;

		Map<String, Object> customFields;

		@Nullable UUID problemId;

		@Nullable Instant dueAt;

		@Nullable UUID mergedIntoId;

		@Nullable String satisfactionScore;

		@Nullable String satisfactionComment;

		@Nullable Instant satisfactionRatedAt;

		Sla sla = new Sla();

		@Nullable Instant assignedAt;

		@Nullable Instant solvedAt;

		@Nullable Instant closedAt;

		long version;

		Instant createdAt;

		Instant updatedAt;

	}

	// --- transitions and changes ---

	/**
	 * Moves the ticket to {@code next}; an illegal move (anything out of closed, back to
	 * new, ...) is a 409 problem.
	 */
	public void changeStatus(TicketStatus next, Instant at) {
		if (next == this.status) {
			return;
		}
		if (!this.status.canBecome(next)) {
			throw Problems.of(HttpStatus.CONFLICT, "illegal-status-transition", "Illegal status change",
					"A " + this.status.value() + " ticket cannot become " + next.value() + "; it can become "
							+ this.status.allowedNext().stream().map(TicketStatus::value).toList() + ".");
		}
		record("status", this.status.value(), next.value());
		this.status = next;
		if (next == TicketStatus.SOLVED) {
			this.solvedAt = at;
		}
		else if (next == TicketStatus.CLOSED) {
			this.closedAt = at;
		}
		else {
			this.solvedAt = null;
		}
	}

	/**
	 * A customer wrote: a solved or pending ticket needs an agent again. A closed ticket
	 * takes no more replies.
	 */
	public void customerReplied(Instant at) {
		requireOpenForReplies();
		if (this.status == TicketStatus.SOLVED || this.status == TicketStatus.PENDING) {
			changeStatus(TicketStatus.OPEN, at);
		}
	}

	/** An agent answered publicly: the first reply stops the first-reply clock. */
	public void agentReplied(Instant at) {
		requireOpenForReplies();
		if (this.sla.firstRepliedAt == null) {
			this.sla.firstRepliedAt = at;
		}
		if (this.status == TicketStatus.NEW) {
			changeStatus(TicketStatus.OPEN, at);
		}
	}

	public void requireOpenForReplies() {
		if (this.status == TicketStatus.CLOSED) {
			throw Problems.of(HttpStatus.CONFLICT, "ticket-closed", "Ticket closed",
					"Ticket #" + this.number + " is closed and takes no more comments; open a follow-up ticket.");
		}
	}

	public void changeSubject(String value) {
		if (!value.equals(this.subject)) {
			record("subject", this.subject, value);
			this.subject = value;
		}
	}

	public void changeDescription(String value) {
		if (!value.equals(this.description)) {
			record("description", this.description, value);
			this.description = value;
		}
	}

	public void changePriority(Priority value) {
		if (value != this.priority) {
			record("priority", this.priority.value(), value.value());
			this.priority = value;
		}
	}

	public void changeType(TicketType value) {
		if (value == this.type) {
			return;
		}
		record("type", this.type.value(), value.value());
		this.type = value;
		if (value != TicketType.INCIDENT && this.problemId != null) {
			linkProblem(null);
		}
		if (value != TicketType.TASK && this.dueAt != null) {
			changeDueAt(null);
		}
	}

	public void changeRequester(UUID value) {
		if (!value.equals(this.requesterId)) {
			record("requesterId", this.requesterId, value);
			this.requesterId = value;
		}
	}

	public void assign(@Nullable UUID assignee, Instant at) {
		if (!Objects.equals(assignee, this.assigneeId)) {
			record("assigneeId", this.assigneeId, assignee);
			this.assigneeId = assignee;
			this.assignedAt = (assignee != null) ? at : null;
		}
	}

	public void changeGroup(@Nullable UUID group) {
		if (!Objects.equals(group, this.groupId)) {
			record("groupId", this.groupId, group);
			this.groupId = group;
		}
	}

	public void replaceTags(List<String> value) {
		List<String> normalized = Tags.normalize(value);
		if (!normalized.equals(this.tags)) {
			record("tags", this.tags, normalized);
			this.tags = normalized;
		}
	}

	public void addTags(List<String> added) {
		LinkedHashSet<String> all = new LinkedHashSet<>(this.tags);
		all.addAll(Tags.normalize(added));
		replaceTags(List.copyOf(all));
	}

	public void removeTags(List<String> removed) {
		List<String> remove = Tags.normalize(removed);
		replaceTags(this.tags.stream().filter((tag) -> !remove.contains(tag)).toList());
	}

	public void replaceFollowers(List<UUID> value) {
		List<UUID> distinct = List.copyOf(new LinkedHashSet<>(value));
		if (!distinct.equals(this.followerIds)) {
			record("followerIds", this.followerIds, distinct);
			this.followerIds = distinct;
		}
	}

	public void addFollowers(List<UUID> added) {
		LinkedHashSet<UUID> all = new LinkedHashSet<>(this.followerIds);
		all.addAll(added);
		replaceFollowers(List.copyOf(all));
	}

	public void addExternalRef(String ref) {
		if (!this.externalRefs.contains(ref)) {
			List<String> refs = new ArrayList<>(this.externalRefs);
			refs.add(ref);
			record("externalRefs", this.externalRefs, refs);
			this.externalRefs = List.copyOf(refs);
		}
	}

	/** Replaces the custom field values; validation against definitions happens first. */
	public void replaceCustomFields(Map<String, Object> value) {
		Map<String, Object> copy = Map.copyOf(value);
		if (!copy.equals(this.customFields)) {
			Map<String, Object> before = this.customFields;
			for (String key : union(before, copy)) {
				if (!Objects.equals(before.get(key), copy.get(key))) {
					record("customFields." + key, before.get(key), copy.get(key));
				}
			}
			this.customFields = copy;
		}
	}

	public void linkProblem(@Nullable UUID problem) {
		if (problem != null && this.type != TicketType.INCIDENT) {
			throw Problems.unprocessable(Map.of("problemId", "only incidents can be linked to a problem"));
		}
		if (problem != null && problem.equals(this.id)) {
			throw Problems.unprocessable(Map.of("problemId", "a ticket cannot be its own problem"));
		}
		if (!Objects.equals(problem, this.problemId)) {
			record("problemId", this.problemId, problem);
			this.problemId = problem;
		}
	}

	public void changeDueAt(@Nullable Instant due) {
		if (due != null && this.type != TicketType.TASK) {
			throw Problems.unprocessable(Map.of("dueAt", "only tasks have a due date"));
		}
		if (!Objects.equals(due, this.dueAt)) {
			record("dueAt", this.dueAt, due);
			this.dueAt = due;
		}
	}

	/** Closes this ticket as merged into {@code target}. */
	public void mergeInto(UUID target, Instant at) {
		if (this.status == TicketStatus.CLOSED) {
			throw Problems.of(HttpStatus.CONFLICT, "ticket-closed", "Ticket closed",
					"Ticket #" + this.number + " is closed and cannot be merged.");
		}
		record("mergedIntoId", null, target);
		this.mergedIntoId = target;
		if (this.status != TicketStatus.SOLVED) {
			changeStatus(TicketStatus.SOLVED, at);
		}
		changeStatus(TicketStatus.CLOSED, at);
	}

	/** The requester's satisfaction rating, once the ticket is solved. */
	public void rate(String score, @Nullable String comment, Instant at) {
		if (this.status != TicketStatus.SOLVED && this.status != TicketStatus.CLOSED) {
			throw Problems.of(HttpStatus.CONFLICT, "ticket-not-solved", "Not solved yet",
					"Satisfaction can be rated once the ticket is solved.");
		}
		record("satisfaction", this.satisfactionScore, score);
		this.satisfactionScore = score;
		this.satisfactionComment = comment;
		this.satisfactionRatedAt = at;
	}

	/** What the audit trail shows for a new ticket: its initial values. */
	void recordCreation() {
		record("subject", null, this.subject);
		record("status", null, this.status.value());
		record("priority", null, this.priority.value());
		record("type", null, this.type.value());
		record("requesterId", null, this.requesterId);
		record("channel", null, this.channel);
	}

	/** Marks the change in time, after every field change of one update. */
	void touch(Instant at) {
		this.updatedAt = at;
	}

	/** The changes made since the ticket was loaded, and forgets them. */
	public List<FieldChange> drainChanges() {
		List<FieldChange> drained = List.copyOf(this.changes);
		this.changes.clear();
		return drained;
	}

	private void record(String field, @Nullable Object from, @Nullable Object to) {
		this.changes.add(new FieldChange(field, from, to));
	}

	private static List<String> union(Map<String, Object> a, Map<String, Object> b) {
		LinkedHashSet<String> keys = new LinkedHashSet<>(a.keySet());
		keys.addAll(b.keySet());
		return List.copyOf(keys);
	}

	// --- state ---

	public UUID id() {
		return this.id;
	}

	public UUID tenantId() {
		return this.tenantId;
	}

	public long number() {
		return this.number;
	}

	public String subject() {
		return this.subject;
	}

	public String description() {
		return this.description;
	}

	public TicketStatus status() {
		return this.status;
	}

	public Priority priority() {
		return this.priority;
	}

	public TicketType type() {
		return this.type;
	}

	public UUID requesterId() {
		return this.requesterId;
	}

	public @Nullable UUID submitterId() {
		return this.submitterId;
	}

	public @Nullable UUID assigneeId() {
		return this.assigneeId;
	}

	public @Nullable UUID groupId() {
		return this.groupId;
	}

	public List<UUID> followerIds() {
		return this.followerIds;
	}

	public List<String> tags() {
		return this.tags;
	}

	public String channel() {
		return this.channel;
	}

	public List<String> externalRefs() {
		return this.externalRefs;
	}

	public Map<String, Object> customFields() {
		return new LinkedHashMap<>(this.customFields);
	}

	public @Nullable UUID problemId() {
		return this.problemId;
	}

	public @Nullable Instant dueAt() {
		return this.dueAt;
	}

	public @Nullable UUID mergedIntoId() {
		return this.mergedIntoId;
	}

	public @Nullable String satisfactionScore() {
		return this.satisfactionScore;
	}

	public @Nullable String satisfactionComment() {
		return this.satisfactionComment;
	}

	public @Nullable Instant satisfactionRatedAt() {
		return this.satisfactionRatedAt;
	}

	public Sla sla() {
		return this.sla;
	}

	public @Nullable Instant assignedAt() {
		return this.assignedAt;
	}

	public @Nullable Instant solvedAt() {
		return this.solvedAt;
	}

	public @Nullable Instant closedAt() {
		return this.closedAt;
	}

	public long version() {
		return this.version;
	}

	public Instant createdAt() {
		return this.createdAt;
	}

	public Instant updatedAt() {
		return this.updatedAt;
	}

}
