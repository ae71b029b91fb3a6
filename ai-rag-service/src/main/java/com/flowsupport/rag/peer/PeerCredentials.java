package com.flowsupport.rag.peer;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

import com.flowsupport.shared.security.ServiceTokens;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;

/**
 * The token a call to a peer carries: the caller's own while serving their request, so
 * the peer applies the caller's rights (a customer never retrieves internal articles); in
 * background work, or when {@code asService} is asked for, this service's token for the
 * tenant in scope.
 */
@Component
class PeerCredentials {

	private final ServiceTokens serviceTokens;

	PeerCredentials(ServiceTokens serviceTokens) {
		this.serviceTokens = serviceTokens;
	}

	record Credentials(String token, @Nullable UUID serviceTenant) {
	}

	Credentials current(boolean asService) {
		CallerIdentity caller = Tenancy.current().orElse(null);
		if (caller == null || caller.tenantId() == null) {
			throw new PeerUnavailableException("no tenant in scope to ask for", null);
		}
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (!asService && authentication != null && authentication.getPrincipal() instanceof Jwt jwt
				&& caller.claims().equals(jwt.getClaims())) {
			return new Credentials(jwt.getTokenValue(), null);
		}
		try {
			return new Credentials(this.serviceTokens.token(caller.tenantId()), caller.tenantId());
		}
		catch (ServiceTokens.UnavailableException ex) {
			throw new PeerUnavailableException(ex.getMessage(), ex);
		}
	}

	/** A token a peer refused: revoked or signed by a withdrawn key. */
	void refused(Credentials credentials) {
		if (credentials.serviceTenant() != null) {
			this.serviceTokens.forget(credentials.serviceTenant());
		}
	}

}
