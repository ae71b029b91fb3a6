package com.flowsupport.identity.auth;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import com.flowsupport.identity.tenant.Tenant;
import com.flowsupport.identity.token.AccessTokens;
import com.flowsupport.identity.token.Sessions;
import com.flowsupport.identity.user.User;
import com.flowsupport.identity.user.UserRepository;

/**
 * Opens a session for a user who just proved who they are: an access token and a refresh
 * token.
 */
@Component
public class SessionGrants {

	private final Sessions sessions;

	private final AccessTokens accessTokens;

	private final UserRepository users;

	SessionGrants(Sessions sessions, AccessTokens accessTokens, UserRepository users) {
		this.sessions = sessions;
		this.accessTokens = accessTokens;
		this.users = users;
	}

	@Transactional(propagation = Propagation.MANDATORY)
	public TokenGrant open(Tenant tenant, User user) {
		return grant(tenant, user, this.sessions.start(tenant.getId(), user.getId()));
	}

	TokenGrant grant(Tenant tenant, User user, Sessions.Issued session) {
		String access = this.accessTokens.issue(user.getId(), tenant.getId(), user.role(), tenant.getPlan(),
				session.sessionId(), this.users.groupIds(user.getId()), user.isRestrictedToGroups());
		return new TokenGrant(access, session.refreshToken(), this.accessTokens.ttlSeconds());
	}

	/**
	 * @param accessToken short-lived RS256 JWT
	 * @param refreshToken single-use; exchange it for the next pair
	 * @param expiresIn seconds until the access token expires
	 */
	public record TokenGrant(String accessToken, String refreshToken, long expiresIn) {
	}

}
