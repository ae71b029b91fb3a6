package com.flowsupport.ticket.directory;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import com.flowsupport.shared.security.ServiceTokens;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.ticket.TicketProperties;

/**
 * People and groups, as identity-service knows them: read through its API with the
 * caller's own token, so identity applies the caller's rights. Where there is no staff
 * token to pass on (background work, or a customer, whose token identity's directory does
 * not accept, opening a ticket that routing then assigns), ticket-service asks as itself
 * for the tenant in scope, with a service token. Short timeouts; when identity cannot
 * answer, lookups come back empty and callers degrade.
 */
@Component
public class IdentityDirectory {

	private static final Logger log = LoggerFactory.getLogger(IdentityDirectory.class);

	static final int PAGE_SIZE = 100;

	/** A bound on what one lookup reads, whatever identity answers. */
	static final int MAX_GROUP_PAGES = 20;

	private final RestClient identity;

	private final ServiceTokens serviceTokens;

	IdentityDirectory(TicketProperties properties, ServiceTokens serviceTokens, RestClient.Builder restClients) {
		this.serviceTokens = serviceTokens;
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(1))
			.build());
		requests.setReadTimeout(Duration.ofSeconds(2));
		this.identity = restClients.baseUrl(properties.identityUrl().toString()).requestFactory(requests).build();
	}

	/**
	 * A group of agents, with its members.
	 *
	 * @param memberDetails the members with their role and status
	 */
	public record Group(UUID id, String name, List<UUID> members, @Nullable List<Person> memberDetails) {

		/** The members who may take tickets: active agents and admins. */
		public List<UUID> activeAgents() {
			return (this.memberDetails != null)
					? this.memberDetails.stream().filter(Person::takesTickets).map(Person::id).toList() : List.of();
		}

	}

	/** A user, as identity describes them: a group's member or one looked up by id. */
	public record Person(UUID id, String role, String status) {

		public boolean active() {
			return "active".equals(this.status);
		}

		/** Active agents and admins take tickets. */
		public boolean takesTickets() {
			return active() && ("agent".equals(this.role) || "admin".equals(this.role));
		}

	}

	/** Identity could not be asked, or did not answer. */
	public static final class UnavailableException extends RuntimeException {

		UnavailableException(String message, @Nullable Throwable cause) {
			super(message, cause);
		}

	}

	record UserPage(List<User> items) {
	}

	record User(UUID id, String email) {
	}

	record GroupPage(List<Group> items, @Nullable String nextCursor) {
	}

	public Optional<UUID> userIdByEmail(String email) {
		try {
			Credentials credentials = credentials();
			UserPage page = call(credentials,
					() -> this.identity.get()
						.uri("/api/v1/users?email={email}&limit=1", email.toLowerCase(Locale.ROOT))
						.headers((headers) -> headers.setBearerAuth(credentials.token()))
						.retrieve()
						.body(UserPage.class));
			return (page == null) ? Optional.empty() : page.items().stream().findFirst().map(User::id);
		}
		catch (UnavailableException ex) {
			log.warn("identity-service did not answer a user lookup: {}", ex.getMessage());
			return Optional.empty();
		}
	}

	/**
	 * The user with this id in the tenant in scope, or empty when identity knows no such
	 * user there.
	 * @throws UnavailableException when identity cannot be asked or does not answer
	 */
	public Optional<Person> requireUser(UUID id) {
		Credentials credentials = credentials();
		return Optional.ofNullable(call(credentials, () -> {
			try {
				return this.identity.get()
					.uri("/api/v1/users/{id}", id)
					.headers((headers) -> headers.setBearerAuth(credentials.token()))
					.retrieve()
					.body(Person.class);
			}
			catch (HttpClientErrorException.NotFound ex) {
				return null;
			}
		}));
	}

	/** The tenant's groups; empty when identity cannot answer. */
	public List<Group> groups() {
		try {
			return requireGroups();
		}
		catch (UnavailableException ex) {
			log.warn("identity-service did not answer a group lookup: {}", ex.getMessage());
			return List.of();
		}
	}

	/**
	 * The tenant's groups with their members.
	 * @throws UnavailableException when identity cannot be asked or does not answer,
	 * which callers must tell apart from a tenant without groups
	 */
	public List<Group> requireGroups() {
		Credentials credentials = credentials();
		List<Group> groups = new ArrayList<>();
		String cursor = null;
		for (int page = 0; page < MAX_GROUP_PAGES; page++) {
			String after = cursor;
			GroupPage body = call(credentials,
					() -> this.identity.get()
						.uri((uri) -> uri.path("/api/v1/groups")
							.queryParam("limit", PAGE_SIZE)
							.queryParamIfPresent("cursor", Optional.ofNullable(after))
							.build())
						.headers((headers) -> headers.setBearerAuth(credentials.token()))
						.retrieve()
						.body(GroupPage.class));
			if (body == null) {
				throw new UnavailableException("identity-service answered a group lookup without a body", null);
			}
			groups.addAll(body.items());
			cursor = body.nextCursor();
			if (cursor == null) {
				break;
			}
		}
		return groups;
	}

	public Optional<UUID> groupIdByName(String name) {
		return groups().stream().filter((group) -> group.name().equalsIgnoreCase(name)).findFirst().map(Group::id);
	}

	/**
	 * The token a lookup carries, and for which tenant it is a service token, if it is.
	 */
	private record Credentials(String token, @Nullable UUID serviceTenant) {
	}

	private Credentials credentials() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		CallerIdentity caller = Tenancy.current().orElse(null);
		if (authentication != null && authentication.getPrincipal() instanceof Jwt jwt && caller != null
				&& caller.role() != AppRole.CUSTOMER && caller.claims().equals(jwt.getClaims())) {
			return new Credentials(jwt.getTokenValue(), null);
		}
		if (caller == null || caller.tenantId() == null) {
			throw new UnavailableException("no tenant in scope to ask for", null);
		}
		try {
			return new Credentials(this.serviceTokens.token(caller.tenantId()), caller.tenantId());
		}
		catch (ServiceTokens.UnavailableException ex) {
			throw new UnavailableException(ex.getMessage(), ex);
		}
	}

	private <T> @Nullable T call(Credentials credentials, Request<T> request) {
		try {
			return request.send();
		}
		catch (HttpClientErrorException.Unauthorized ex) {
			if (credentials.serviceTenant() != null) {
				// Revoked or signed by a withdrawn key: the next lookup fetches a fresh
				// one.
				this.serviceTokens.forget(credentials.serviceTenant());
			}
			throw new UnavailableException(ex.getMessage(), ex);
		}
		catch (RestClientException ex) {
			throw new UnavailableException(ex.getMessage(), ex);
		}
	}

	@FunctionalInterface
	private interface Request<T> {

		@Nullable T send();

	}

}
