package com.flowsupport.channel.channel;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import com.flowsupport.channel.ChannelProperties;
import com.flowsupport.shared.audit.AdminAudit;
import com.flowsupport.shared.events.Uuids;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.Problems;

/**
 * A tenant's channels: admins configure them, everything else looks them up, by id inside
 * a tenant or by a public route before one is in scope.
 */
@Service
public class Channels {

	public static final String SERVICE_NAME = "channel-service";

	private final ChannelRepository repository;

	private final Clock clock;

	private final TransactionTemplate readOnly;

	private final AdminAudit audit;

	private final Duration rotationGrace;

	Channels(ChannelRepository repository, Clock clock, PlatformTransactionManager transactions, AdminAudit audit,
			ChannelProperties properties) {
		this.repository = repository;
		this.rotationGrace = properties.secrets().rotationGrace();
		this.clock = clock;
		this.readOnly = new TransactionTemplate(transactions);
		this.readOnly.setReadOnly(true);
		this.audit = audit;
	}

	/** What an admin asks for; the config already validated. */
	record Draft(ChannelType type, Provider provider, String name, ChannelConfig.Parsed config, boolean botEnabled) {
	}

	@Transactional
	Channel create(Draft draft) {
		UUID tenantId = Tenancy.requireRole(AppRole.ADMIN, AppRole.SUPER_ADMIN).requireTenantId();
		Instant now = this.clock.instant();
		Channel channel = new Channel(Uuids.timeOrdered(), tenantId, draft.type(), draft.provider(), draft.name(),
				ChannelConfig.newRouteKey(), draft.config().address(), draft.config().settings(),
				draft.config().secrets(), draft.botEnabled(), true, 0, now, now);
		requireAddressFree(channel);
		this.repository.insert(channel);
		this.repository.replaceRoutes(channel);
		this.audit.record("channel.created", "channel", channel.id(),
				Map.of("type", channel.type().value(), "name", channel.name()));
		return channel;
	}

	@Transactional
	Channel update(UUID id, @Nullable Long expectedVersion, UnaryOperator<Channel> change) {
		UUID tenantId = Tenancy.requireRole(AppRole.ADMIN, AppRole.SUPER_ADMIN).requireTenantId();
		Channel current = this.repository.findForUpdate(tenantId, id).orElseThrow(() -> Problems.notFound("channel"));
		if (expectedVersion != null && expectedVersion != current.version()) {
			throw Problems.preconditionFailed();
		}
		Channel changed = change.apply(current);
		Instant now = this.clock.instant();
		Channel updated = new Channel(current.id(), tenantId, current.type(), current.provider(), changed.name(),
				current.routeKey(), changed.address(), changed.settings(),
				SigningSecrets.rotate(current.secrets(), changed.secrets(), now, this.rotationGrace),
				changed.botEnabled(), changed.enabled(), current.version(), current.createdAt(), now);
		requireAddressFree(updated);
		this.repository.update(updated);
		this.repository.replaceRoutes(updated);
		this.audit.record("channel.updated", "channel", id,
				Map.of("enabled", updated.enabled(), "secretsChanged", !updated.secrets().equals(current.secrets())));
		return this.repository.find(tenantId, id).orElseThrow();
	}

	@Transactional
	void delete(UUID id) {
		UUID tenantId = Tenancy.requireRole(AppRole.ADMIN, AppRole.SUPER_ADMIN).requireTenantId();
		this.repository.find(tenantId, id).orElseThrow(() -> Problems.notFound("channel"));
		this.repository.deleteRoutes(tenantId, id);
		this.repository.delete(tenantId, id);
		this.audit.record("channel.deleted", "channel", id, Map.of());
	}

	@Transactional(readOnly = true)
	List<Channel> page(@Nullable UUID after, int limit) {
		UUID tenantId = requireStaff().requireTenantId();
		return this.repository.page(tenantId, after, limit);
	}

	/** A channel of the tenant in scope, for staff. */
	@Transactional(readOnly = true)
	public Channel get(UUID id) {
		UUID tenantId = requireStaff().requireTenantId();
		return this.repository.find(tenantId, id).orElseThrow(() -> Problems.notFound("channel"));
	}

	/**
	 * A channel of the tenant in scope, for staff who see every ticket: its message log
	 * holds the messages of them all, so an agent restricted to groups may not read it.
	 */
	@Transactional(readOnly = true)
	public Channel getForMessageLog(UUID id) {
		CallerIdentity caller = requireStaff();
		if (caller.restrictedToGroups()) {
			throw new AccessDeniedException("The message log spans every ticket; this agent sees their groups' only");
		}
		return this.repository.find(caller.requireTenantId(), id).orElseThrow(() -> Problems.notFound("channel"));
	}

	/** A channel of the tenant in scope, for the service's own work. */
	@Transactional(readOnly = true)
	public Optional<Channel> find(UUID id) {
		return this.repository.find(Tenancy.require().requireTenantId(), id);
	}

	/** The tenant's first enabled email channel, for mail no other channel carries. */
	@Transactional(readOnly = true)
	public Optional<Channel> firstEmail() {
		return this.repository.firstEnabled(Tenancy.require().requireTenantId(), ChannelType.EMAIL);
	}

	/**
	 * The enabled channel a public route names, loaded as this service acting for its
	 * tenant. Empty for unknown keys, which webhooks answer exactly as they answer a bad
	 * signature, so a caller learns nothing about which channels exist.
	 */
	public Optional<Channel> byRouteKey(String routeKey) {
		return byRoute("key", routeKey);
	}

	/** The enabled email channel receiving at {@code address}. */
	public Optional<Channel> byEmailAddress(String address) {
		return byRoute("email", address.toLowerCase(Locale.ROOT));
	}

	private Optional<Channel> byRoute(String kind, String key) {
		if (key.isEmpty() || key.length() > 254) {
			return Optional.empty();
		}
		return this.repository.route(kind, key)
			.flatMap((route) -> Tenancy.callAs(CallerIdentity.service(route.tenantId(), SERVICE_NAME),
					() -> this.readOnly.execute((status) -> this.repository.find(route.tenantId(), route.channelId()))))
			.filter(Channel::enabled);
	}

	private void requireAddressFree(Channel channel) {
		if (channel.address() == null) {
			return;
		}
		boolean taken = this.repository.addressTaken(channel.tenantId(), channel.type(), channel.address(),
				channel.id())
				|| (channel.type() == ChannelType.EMAIL
						&& this.repository.routeTaken("email", channel.address(), channel.id()));
		if (taken) {
			throw Problems.of(HttpStatus.CONFLICT, "channel-address-taken", "Address taken",
					"Another channel already receives at " + channel.address() + ".");
		}
	}

	private static CallerIdentity requireStaff() {
		return Tenancy.requireRole(AppRole.AGENT, AppRole.ADMIN, AppRole.SUPER_ADMIN);
	}

}
