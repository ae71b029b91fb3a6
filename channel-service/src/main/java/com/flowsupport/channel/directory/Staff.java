package com.flowsupport.channel.directory;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import com.flowsupport.channel.ChannelProperties;
import com.flowsupport.shared.security.ServiceTokens;
import com.flowsupport.shared.web.EmailAddresses;

/**
 * Who a business rule's notice is for, other than the requester: the ticket's assignee,
 * the active members of its group, or one user, by the email address identity-service
 * knows them by. Asked as this service for the tenant.
 */
@Component
public class Staff {

	private static final String ACTIVE = "active";

	private final RestClient identity;

	private final RestClient tickets;

	private final ServiceTokens tokens;

	Staff(ChannelProperties properties, ServiceTokens tokens, RestClient.Builder restClients) {
		this.identity = Peers.client(restClients.clone(), properties.identityUrl(), Duration.ofSeconds(3));
		this.tickets = Peers.client(restClients.clone(), properties.ticketUrl(), Duration.ofSeconds(5));
		this.tokens = tokens;
	}

	record Ticket(UUID id, @Nullable UUID assigneeId, @Nullable UUID groupId) {
	}

	record Member(UUID id, String status) {
	}

	record Group(List<Member> memberDetails) {
	}

	record User(UUID id, String email, String status) {
	}

	/**
	 * @param recipient {@code assignee}, {@code group} or a user id
	 * @return the addresses to notify; none when the ticket has no such person
	 */
	public List<String> addresses(UUID tenantId, UUID ticketId, String recipient) {
		try {
			Set<UUID> people = new LinkedHashSet<>();
			if (recipient.equals("assignee") || recipient.equals("group")) {
				Ticket ticket = get(this.tickets, tenantId, "/api/v1/tickets/{id}", ticketId, Ticket.class);
				if (recipient.equals("assignee") && ticket != null && ticket.assigneeId() != null) {
					people.add(ticket.assigneeId());
				}
				if (recipient.equals("group") && ticket != null && ticket.groupId() != null) {
					Group group = get(this.identity, tenantId, "/api/v1/groups/{id}", ticket.groupId(), Group.class);
					if (group != null) {
						group.memberDetails()
							.stream()
							.filter((member) -> ACTIVE.equals(member.status()))
							.forEach((member) -> people.add(member.id()));
					}
				}
			}
			else if (recipient.matches("[0-9a-fA-F-]{36}")) {
				people.add(UUID.fromString(recipient));
			}
			Set<String> addresses = new LinkedHashSet<>();
			for (UUID person : people) {
				User user = get(this.identity, tenantId, "/api/v1/users/{id}", person, User.class);
				if (user != null && ACTIVE.equals(user.status()) && EmailAddresses.mailable(user.email())) {
					addresses.add(user.email());
				}
			}
			return List.copyOf(addresses);
		}
		catch (RestClientException | ServiceTokens.UnavailableException ex) {
			throw new PeerUnavailableException("identity-service or ticket-service did not say who to notify", ex);
		}
	}

	/** The resource, or null when it is gone. */
	private <T> @Nullable T get(RestClient client, UUID tenantId, String path, UUID id, Class<T> type) {
		try {
			return client.get()
				.uri(path, id)
				.headers((headers) -> headers.setBearerAuth(this.tokens.token(tenantId)))
				.retrieve()
				.body(type);
		}
		catch (HttpClientErrorException.NotFound ex) {
			return null;
		}
	}

}
