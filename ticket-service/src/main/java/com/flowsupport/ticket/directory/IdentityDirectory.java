package com.flowsupport.ticket.directory;

import java.net.http.HttpClient;
import java.time.Duration;
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
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import com.flowsupport.ticket.TicketProperties;

/**
 * People and groups, as identity-service knows them: read through its API with the
 * caller's own token, so identity applies the caller's rights. Short timeouts; when
 * identity cannot answer, lookups come back empty and callers degrade.
 */
@Component
public class IdentityDirectory {

	private static final Logger log = LoggerFactory.getLogger(IdentityDirectory.class);

	private final RestClient identity;

	IdentityDirectory(TicketProperties properties) {
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build());
		requests.setReadTimeout(Duration.ofSeconds(2));
		this.identity = RestClient.builder()
			.baseUrl(properties.identityUrl().toString())
			.requestFactory(requests)
			.build();
	}

	/** A group of agents, with its members. */
	public record Group(UUID id, String name, List<UUID> members) {
	}

	record UserPage(List<User> items) {
	}

	record User(UUID id, String email) {
	}

	record GroupPage(List<Group> items) {
	}

	public Optional<UUID> userIdByEmail(String email) {
		String token = callerToken();
		if (token == null) {
			return Optional.empty();
		}
		try {
			UserPage page = this.identity.get()
				.uri("/api/v1/users?email={email}&limit=1", email.toLowerCase(Locale.ROOT))
				.headers((headers) -> headers.setBearerAuth(token))
				.retrieve()
				.body(UserPage.class);
			return (page == null) ? Optional.empty() : page.items().stream().findFirst().map(User::id);
		}
		catch (RestClientException ex) {
			log.warn("identity-service did not answer a user lookup: {}", ex.getMessage());
			return Optional.empty();
		}
	}

	public List<Group> groups() {
		String token = callerToken();
		if (token == null) {
			return List.of();
		}
		try {
			GroupPage page = this.identity.get()
				.uri("/api/v1/groups?limit=100")
				.headers((headers) -> headers.setBearerAuth(token))
				.retrieve()
				.body(GroupPage.class);
			return (page == null) ? List.of() : page.items();
		}
		catch (RestClientException ex) {
			log.warn("identity-service did not answer a group lookup: {}", ex.getMessage());
			return List.of();
		}
	}

	public Optional<UUID> groupIdByName(String name) {
		return groups().stream().filter((group) -> group.name().equalsIgnoreCase(name)).findFirst().map(Group::id);
	}

	private static @Nullable String callerToken() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication != null && authentication.getPrincipal() instanceof Jwt jwt) ? jwt.getTokenValue()
				: null;
	}

}
