package com.flowsupport.ticket.ticket;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import com.flowsupport.shared.tenancy.CallerIdentity;

/**
 * One create or update of a ticket while it is in flight: what the caller changed, and
 * what the {@link TicketHook}s (business rules, routing, SLA) change in turn before it is
 * stored. Each change is recorded with what made it, which is what the audit trail shows.
 */
public final class TicketUpdate {

	/** What started the update. */
	public enum Kind {

		CREATED, UPDATED

	}

	/** Changes made through one path ({@code api}, {@code trigger:<id>}, ...). */
	public record Entry(String via, List<FieldChange> changes) {
	}

	/** An internal note a hook adds to the ticket along with the update. */
	public record Note(String body, String via) {
	}

	/** Someone to tell about the ticket, as a business rule asked. */
	public record Notification(String recipient, String subject, String body, String via) {
	}

	/** The comment this update was made with, if any. */
	public record CommentContext(boolean isPublic, boolean byCustomer, String body) {
	}

	private final Ticket ticket;

	private final Kind kind;

	private final CallerIdentity actor;

	private final Instant at;

	private final @Nullable CommentContext comment;

	private final List<Entry> entries = new ArrayList<>();

	private final List<FieldChange> callerChanges;

	private final List<Note> notes = new ArrayList<>();

	private final Set<Notification> notifications = new LinkedHashSet<>();

	TicketUpdate(Ticket ticket, Kind kind, CallerIdentity actor, Instant at, @Nullable CommentContext comment,
			String via) {
		this.ticket = ticket;
		this.kind = kind;
		this.actor = actor;
		this.at = at;
		this.comment = comment;
		this.callerChanges = collect(via);
	}

	public Ticket ticket() {
		return this.ticket;
	}

	public Kind kind() {
		return this.kind;
	}

	public CallerIdentity actor() {
		return this.actor;
	}

	public Instant at() {
		return this.at;
	}

	public @Nullable CommentContext comment() {
		return this.comment;
	}

	/** Every change so far, whoever made it. */
	public List<FieldChange> changes() {
		return this.entries.stream().flatMap((entry) -> entry.changes().stream()).toList();
	}

	/**
	 * Whether the caller's own edits (or the macro they applied) changed {@code field},
	 * as opposed to a hook's.
	 */
	public boolean changedByCaller(String field) {
		return this.callerChanges.stream().anyMatch((change) -> change.field().equals(field));
	}

	public boolean changed(String field) {
		return changes().stream().anyMatch((change) -> change.field().equals(field));
	}

	/**
	 * Applies {@code change} to the ticket, recording its effects as made by {@code via}.
	 */
	public void apply(String via, Consumer<Ticket> change) {
		change.accept(this.ticket);
		collect(via);
	}

	public void addNote(String body, String via) {
		this.notes.add(new Note(body, via));
	}

	/**
	 * Asks for someone to be told about the ticket once the update commits.
	 * @param recipient {@code requester}, {@code assignee}, {@code group} or a user id
	 */
	public void notify(String recipient, String subject, String body, String via) {
		this.notifications.add(new Notification(recipient, subject, body, via));
	}

	List<Entry> entries() {
		return List.copyOf(this.entries);
	}

	List<Note> notes() {
		return List.copyOf(this.notes);
	}

	List<Notification> notifications() {
		return List.copyOf(this.notifications);
	}

	private List<FieldChange> collect(String via) {
		List<FieldChange> changes = this.ticket.drainChanges();
		if (!changes.isEmpty()) {
			this.entries.add(new Entry(via, changes));
		}
		return changes;
	}

}
