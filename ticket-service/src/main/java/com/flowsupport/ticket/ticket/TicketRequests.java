package com.flowsupport.ticket.ticket;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import com.flowsupport.shared.web.JsonReader;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.CallerIdentity;

/**
 * The ticket request bodies: what each role may send when creating and updating tickets.
 */
final class TicketRequests {

	static final int SUBJECT_MAX = 250;

	static final int DESCRIPTION_MAX = 65_535;

	static final int LIST_MAX = 100;

	private static final Set<String> CUSTOMER_CREATE = Set.of("subject", "description", "customFields");

	private static final Set<String> STAFF_CREATE = Set.of("subject", "description", "priority", "type", "status",
			"requesterId", "assigneeId", "groupId", "followerIds", "tags", "customFields", "channel", "externalRefs",
			"problemId", "dueAt");

	static final Set<String> PATCH = Set.of("subject", "description", "priority", "type", "status", "requesterId",
			"assigneeId", "groupId", "followerIds", "addFollowerIds", "tags", "addTags", "removeTags", "customFields",
			"problemId", "dueAt", "addExternalRefs");

	private static final String STATUSES = "new, open, pending, hold, solved, closed";

	private static final String PRIORITIES = "low, normal, high, urgent";

	private static final String TYPES = "question, incident, problem, task";

	private TicketRequests() {
	}

	static TicketService.NewTicket newTicket(JsonNode body, CallerIdentity caller) {
		boolean customer = caller.role() == AppRole.CUSTOMER;
		JsonReader in = new JsonReader(body, customer ? CUSTOMER_CREATE : STAFF_CREATE);
		String subject = in.text("subject", SUBJECT_MAX, true);
		String description = in.text("description", DESCRIPTION_MAX, true);
		UUID requester = in.uuid("requesterId");
		String channel = in.text("channel", 20, false);
		if (channel != null && !Ticket.CHANNELS.contains(channel)) {
			in.reject("channel", "must be one of " + Ticket.CHANNELS.stream().sorted().toList());
		}
		TicketChanges initial = new TicketChanges();
		TicketStatus status = in.choice("status", TicketStatus::parse, STATUSES);
		if (status == TicketStatus.CLOSED) {
			in.reject("status", "a ticket cannot be created closed");
		}
		readCommon(in, initial);
		in.uuids("followerIds", LIST_MAX).forEach((follower) -> initial.addFollowers(List.of(follower)));
		in.strings("externalRefs", LIST_MAX).forEach(initial::addExternalRef);
		if (status != null && status != TicketStatus.NEW) {
			initial.status(status);
		}
		in.finish();
		return new TicketService.NewTicket(subject, description, requester, channel, initial);
	}

	static TicketChanges changes(JsonNode body) {
		JsonReader in = new JsonReader(body, PATCH);
		TicketChanges changes = new TicketChanges();
		if (in.has("subject")) {
			String subject = in.text("subject", SUBJECT_MAX, true);
			if (subject != null) {
				changes.subject(subject);
			}
		}
		if (in.has("description")) {
			String description = in.text("description", DESCRIPTION_MAX, true);
			if (description != null) {
				changes.description(description);
			}
		}
		if (in.has("requesterId")) {
			UUID requester = in.uuid("requesterId");
			if (requester == null) {
				in.reject("requesterId", "a ticket always has a requester");
			}
			else {
				changes.requester(requester);
			}
		}
		readCommon(in, changes);
		if (in.has("followerIds")) {
			changes.followers(in.uuids("followerIds", LIST_MAX));
		}
		if (in.has("addFollowerIds")) {
			changes.addFollowers(in.uuids("addFollowerIds", LIST_MAX));
		}
		if (in.has("addTags")) {
			changes.addTags(tags(in, "addTags"));
		}
		if (in.has("removeTags")) {
			changes.removeTags(tags(in, "removeTags"));
		}
		in.strings("addExternalRefs", LIST_MAX).forEach(changes::addExternalRef);
		TicketStatus status = in.choice("status", TicketStatus::parse, STATUSES);
		if (status != null) {
			changes.status(status);
		}
		in.finish();
		return changes;
	}

	private static List<String> tags(JsonReader in, String name) {
		List<String> tags = in.strings(name, LIST_MAX);
		String problem = Tags.problemWith(tags);
		if (problem != null) {
			in.reject(name, problem);
		}
		return tags;
	}

	/** Fields with the same meaning on create and update; {@code null} clears. */
	private static void readCommon(JsonReader in, TicketChanges changes) {
		Priority priority = in.choice("priority", Priority::parse, PRIORITIES);
		if (priority != null) {
			changes.priority(priority);
		}
		TicketType type = in.choice("type", TicketType::parse, TYPES);
		if (type != null) {
			changes.type(type);
		}
		if (in.has("assigneeId")) {
			changes.assignee(in.uuid("assigneeId"));
		}
		if (in.has("groupId")) {
			changes.group(in.uuid("groupId"));
		}
		if (in.has("tags")) {
			changes.tags(tags(in, "tags"));
		}
		if (in.has("problemId")) {
			changes.problem(in.uuid("problemId"));
		}
		if (in.has("dueAt")) {
			Instant due = in.instant("dueAt");
			changes.dueAt(due);
		}
		Map<String, @Nullable Object> fields = in.object("customFields");
		fields.forEach(changes::customField);
	}

}
