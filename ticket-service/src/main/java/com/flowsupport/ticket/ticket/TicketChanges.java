package com.flowsupport.ticket.ticket;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Edits to apply to a ticket, in order: what a PATCH, a bulk update or a macro asks for.
 * Built fluently; applied by {@link TicketService} inside one update.
 */
public final class TicketChanges {

	@FunctionalInterface
	interface Edit {

		void apply(Ticket ticket, Instant at);

	}

	private final List<Edit> edits = new ArrayList<>();

	private final Map<String, @Nullable Object> customFields = new LinkedHashMap<>();

	public TicketChanges subject(String value) {
		this.edits.add((ticket, at) -> ticket.changeSubject(value));
		return this;
	}

	public TicketChanges description(String value) {
		this.edits.add((ticket, at) -> ticket.changeDescription(value));
		return this;
	}

	public TicketChanges status(TicketStatus value) {
		this.edits.add((ticket, at) -> ticket.changeStatus(value, at));
		return this;
	}

	public TicketChanges priority(Priority value) {
		this.edits.add((ticket, at) -> ticket.changePriority(value));
		return this;
	}

	public TicketChanges type(TicketType value) {
		this.edits.add((ticket, at) -> ticket.changeType(value));
		return this;
	}

	public TicketChanges requester(UUID value) {
		this.edits.add((ticket, at) -> ticket.changeRequester(value));
		return this;
	}

	public TicketChanges assignee(@Nullable UUID value) {
		this.edits.add((ticket, at) -> ticket.assign(value, at));
		return this;
	}

	public TicketChanges group(@Nullable UUID value) {
		this.edits.add((ticket, at) -> ticket.changeGroup(value));
		return this;
	}

	public TicketChanges tags(List<String> value) {
		this.edits.add((ticket, at) -> ticket.replaceTags(value));
		return this;
	}

	public TicketChanges addTags(List<String> value) {
		this.edits.add((ticket, at) -> ticket.addTags(value));
		return this;
	}

	public TicketChanges removeTags(List<String> value) {
		this.edits.add((ticket, at) -> ticket.removeTags(value));
		return this;
	}

	public TicketChanges followers(List<UUID> value) {
		this.edits.add((ticket, at) -> ticket.replaceFollowers(value));
		return this;
	}

	public TicketChanges addFollowers(List<UUID> value) {
		this.edits.add((ticket, at) -> ticket.addFollowers(value));
		return this;
	}

	public TicketChanges problem(@Nullable UUID value) {
		this.edits.add((ticket, at) -> ticket.linkProblem(value));
		return this;
	}

	public TicketChanges dueAt(@Nullable Instant value) {
		this.edits.add((ticket, at) -> ticket.changeDueAt(value));
		return this;
	}

	public TicketChanges addExternalRef(String value) {
		this.edits.add((ticket, at) -> ticket.addExternalRef(value));
		return this;
	}

	/** Sets one custom field ({@code null} clears it); validated when applied. */
	public TicketChanges customField(String key, @Nullable Object value) {
		this.customFields.put(key, value);
		return this;
	}

	public boolean isEmpty() {
		return this.edits.isEmpty() && this.customFields.isEmpty();
	}

	List<Edit> edits() {
		return List.copyOf(this.edits);
	}

	Map<String, @Nullable Object> customFields() {
		return new LinkedHashMap<>(this.customFields);
	}

}
