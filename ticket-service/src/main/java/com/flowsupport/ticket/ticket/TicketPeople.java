package com.flowsupport.ticket.ticket;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.web.Problems;
import com.flowsupport.ticket.directory.GroupMembers;
import com.flowsupport.ticket.directory.IdentityDirectory;
import com.flowsupport.ticket.directory.IdentityDirectory.Person;

/**
 * The people and group a caller puts on a ticket must be real in its organisation, as
 * identity-service knows it: the requester an active user, the assignee an active agent
 * or admin, the group one of the tenant's groups, with the assignee among its active
 * members. A wrong one is a 422 naming the field, and nothing is saved.
 * <p>
 * When identity cannot answer, what it could not confirm is saved unconfirmed, with a
 * warning in the log: agents keep working through an identity outage, as routing does.
 * <p>
 * Only what the caller changed is checked (their own edits, or a macro they applied). A
 * business rule's assignment was checked when an admin wrote the rule, and a customer's
 * ticket must not fail to open because a rule names a group deleted since.
 * <p>
 * A user found is remembered for {@link #FRESH}, so a bulk update of a hundred tickets to
 * one assignee asks identity once; one not found is asked about again, as they may have
 * been created a moment ago.
 */
@Component
class TicketPeople {

	private static final Logger log = LoggerFactory.getLogger(TicketPeople.class);

	static final Duration FRESH = Duration.ofSeconds(30);

	private static final int MAX_REMEMBERED = 10_000;

	private final IdentityDirectory directory;

	private final GroupMembers groups;

	private final Clock clock;

	private final Map<TenantUser, Remembered> users = new ConcurrentHashMap<>();

	TicketPeople(IdentityDirectory directory, GroupMembers groups, Clock clock) {
		this.directory = directory;
		this.groups = groups;
		this.clock = clock;
	}

	void check(TicketUpdate update) {
		Ticket ticket = update.ticket();
		CallerIdentity caller = update.actor();
		Map<String, String> errors = new TreeMap<>();
		try {
			if (update.changedByCaller("requesterId") && !ticket.requesterId().equals(caller.userId())
					&& person(ticket.tenantId(), ticket.requesterId()).filter(Person::active).isEmpty()) {
				errors.put("requesterId", "is not an active user of this organisation");
			}
			UUID assignee = ticket.assigneeId();
			if (assignee != null && update.changedByCaller("assigneeId") && !isStaff(caller, assignee)
					&& person(ticket.tenantId(), assignee).filter(Person::takesTickets).isEmpty()) {
				errors.put("assigneeId", "is not an active agent of this organisation");
			}
			UUID group = ticket.groupId();
			if (group != null && (update.changedByCaller("groupId") || update.changedByCaller("assigneeId"))) {
				checkGroup(ticket.tenantId(), group, errors.containsKey("assigneeId") ? null : assignee, errors);
			}
		}
		catch (IdentityDirectory.UnavailableException ex) {
			log.warn("Ticket {} saved with people or group identity-service could not confirm: {}", ticket.id(),
					ex.getMessage());
		}
		if (!errors.isEmpty()) {
			throw Problems.unprocessable(errors);
		}
	}

	private void checkGroup(UUID tenantId, UUID group, @Nullable UUID assignee, Map<String, String> errors) {
		Optional<List<UUID>> members = this.groups.group(tenantId, group, false);
		if (members.isEmpty() || (assignee != null && !members.get().contains(assignee))) {
			// The group, or the assignee's membership, may be seconds old.
			members = this.groups.group(tenantId, group, true);
		}
		if (members.isEmpty()) {
			errors.put("groupId", "is not a group of this organisation");
		}
		else if (assignee != null && !members.get().contains(assignee)) {
			errors.put("assigneeId", "is not an active member of the ticket's group");
		}
	}

	/** Agents assigning themselves hold a token identity issued moments ago. */
	private static boolean isStaff(CallerIdentity caller, UUID user) {
		return user.equals(caller.userId()) && (caller.role() == AppRole.AGENT || caller.role() == AppRole.ADMIN);
	}

	private Optional<Person> person(UUID tenantId, UUID userId) {
		Instant now = this.clock.instant();
		TenantUser key = new TenantUser(tenantId, userId);
		Remembered remembered = this.users.get(key);
		if (remembered != null && now.isBefore(remembered.until())) {
			return Optional.of(remembered.person());
		}
		Optional<Person> person = this.directory.requireUser(userId);
		if (this.users.size() >= MAX_REMEMBERED) {
			this.users.values().removeIf((stale) -> !now.isBefore(stale.until()));
		}
		if (person.isPresent() && this.users.size() < MAX_REMEMBERED) {
			this.users.put(key, new Remembered(person.get(), now.plus(FRESH)));
		}
		return person;
	}

	private record TenantUser(UUID tenantId, UUID userId) {
	}

	private record Remembered(Person person, Instant until) {
	}

}
