package com.flowsupport.channel.directory;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import com.flowsupport.channel.ChannelProperties;
import com.flowsupport.shared.security.ServiceTokens;

/**
 * Customers are identity-service users with the customer role. Channels find them by
 * email address and create them on first contact, asking identity as this service for the
 * tenant. People who write by SMS or WhatsApp have no address: they get one under the
 * reserved {@code .invalid} domain (RFC 2606) derived from their number, which is never
 * mailed; so do anonymous widget visitors.
 */
@Component
public class Customers {

	static final String PHONE_DOMAIN = "phone.flowsupport.invalid";

	static final String VISITOR_DOMAIN = "visitor.flowsupport.invalid";

	private final RestClient identity;

	private final ServiceTokens tokens;

	Customers(ChannelProperties properties, ServiceTokens tokens, RestClient.Builder restClients) {
		this.identity = Peers.client(restClients, properties.identityUrl(), Duration.ofSeconds(3));
		this.tokens = tokens;
	}

	/** The address a customer known only by phone number has in identity. */
	public static String phoneAddress(String phoneNumber) {
		return phoneNumber.replaceAll("[^0-9]", "") + "@" + PHONE_DOMAIN;
	}

	/** The address an anonymous widget visitor has in identity. */
	public static String visitorAddress(String visitorId) {
		return visitorId.replaceAll("[^A-Za-z0-9-]", "") + "@" + VISITOR_DOMAIN;
	}

	record User(UUID id, String email) {
	}

	record UserPage(List<User> items) {
	}

	/**
	 * The id of the customer with this address in the tenant, created when identity knows
	 * nobody by it.
	 * @throws PeerUnavailableException when identity cannot be asked
	 */
	public UUID findOrCreate(UUID tenantId, String email, @Nullable String name) {
		String address = email.toLowerCase(Locale.ROOT);
		Optional<UUID> known = find(tenantId, address);
		if (known.isPresent()) {
			return known.get();
		}
		String displayName = (name != null && !name.isBlank()) ? name.strip()
				: address.substring(0, address.indexOf('@'));
		try {
			User created = this.identity.post()
				.uri("/api/v1/users")
				.headers((headers) -> headers.setBearerAuth(this.tokens.token(tenantId)))
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("email", address, "name",
						(displayName.length() > 120) ? displayName.substring(0, 120) : displayName, "role", "customer"))
				.retrieve()
				.body(User.class);
			if (created == null) {
				throw new PeerUnavailableException("identity-service created a customer without answering it", null);
			}
			return created.id();
		}
		catch (HttpClientErrorException.Conflict ex) {
			// Created meanwhile by another message from the same person.
			return find(tenantId, address)
				.orElseThrow(() -> new PeerUnavailableException("identity-service lost customer " + address, ex));
		}
		catch (RestClientException | ServiceTokens.UnavailableException ex) {
			throw new PeerUnavailableException("identity-service did not create a customer", ex);
		}
	}

	private Optional<UUID> find(UUID tenantId, String address) {
		try {
			UserPage page = this.identity.get()
				.uri("/api/v1/users?email={email}&limit=1", address)
				.headers((headers) -> headers.setBearerAuth(this.tokens.token(tenantId)))
				.retrieve()
				.body(UserPage.class);
			return (page == null) ? Optional.empty()
					: page.items()
						.stream()
						.filter((user) -> user.email().equalsIgnoreCase(address))
						.findFirst()
						.map(User::id);
		}
		catch (RestClientException | ServiceTokens.UnavailableException ex) {
			throw new PeerUnavailableException("identity-service did not answer a customer lookup", ex);
		}
	}

}
