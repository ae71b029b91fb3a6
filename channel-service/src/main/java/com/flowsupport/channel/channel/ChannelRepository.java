package com.flowsupport.channel.channel;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.flowsupport.shared.db.SqlValues;

/**
 * Channels and their routes. Secrets are sealed with AES-256-GCM, bound to the channel's
 * id, and opened only when a channel is loaded.
 */
@Repository
class ChannelRepository {

	private static final String COLUMNS = "id, tenant_id, type, provider, name, route_key, address, settings, secrets, "
			+ "bot_enabled, enabled, version, created_at, updated_at";

	private static final TypeReference<Map<String, Object>> SETTINGS = new TypeReference<>() {
	};

	private static final TypeReference<Map<String, String>> SECRETS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final SecretKeyRing keys;

	ChannelRepository(JdbcClient jdbc, JsonMapper json, SecretKeyRing keys) {
		this.jdbc = jdbc;
		this.json = json;
		this.keys = keys;
	}

	Optional<Channel> find(UUID tenantId, UUID id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM channel WHERE tenant_id = ? AND id = ?")
			.params(tenantId, id)
			.query(this::map)
			.optional();
	}

	Optional<Channel> findForUpdate(UUID tenantId, UUID id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM channel WHERE tenant_id = ? AND id = ? FOR UPDATE")
			.params(tenantId, id)
			.query(this::map)
			.optional();
	}

	List<Channel> page(UUID tenantId, @Nullable UUID after, int limit) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM channel WHERE tenant_id = ? AND (?::uuid IS NULL OR id > ?) "
					+ "ORDER BY id LIMIT ?")
			.params(tenantId, SqlValues.uuid(after), SqlValues.uuid(after), limit)
			.query(this::map)
			.list();
	}

	Optional<Channel> firstEnabled(UUID tenantId, ChannelType type) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM channel WHERE tenant_id = ? AND type = ? AND enabled ORDER BY id LIMIT 1")
			.params(tenantId, type.value())
			.query(this::map)
			.optional();
	}

	boolean addressTaken(UUID tenantId, ChannelType type, String address, @Nullable UUID except) {
		return this.jdbc
			.sql("SELECT count(*) FROM channel WHERE tenant_id = ? AND type = ? AND lower(address) = lower(?) "
					+ "AND (?::uuid IS NULL OR id <> ?)")
			.params(tenantId, type.value(), address, SqlValues.uuid(except), SqlValues.uuid(except))
			.query(Long.class)
			.single() > 0;
	}

	void insert(Channel channel) {
		this.jdbc.sql("""
				INSERT INTO channel (id, tenant_id, type, provider, name, route_key, address, settings, secrets,
					bot_enabled, enabled, version, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, 0, ?, ?)""")
			.params(channel.id(), channel.tenantId(), channel.type().value(), channel.provider().value(),
					channel.name(), channel.routeKey(), SqlValues.text(channel.address()),
					this.json.writeValueAsString(channel.settings()), seal(channel), channel.botEnabled(),
					channel.enabled(), SqlValues.time(channel.createdAt()), SqlValues.time(channel.updatedAt()))
			.update();
	}

	void update(Channel channel) {
		this.jdbc.sql("""
				UPDATE channel SET name = ?, address = ?, settings = ?::jsonb, secrets = ?, bot_enabled = ?,
					enabled = ?, version = version + 1, updated_at = ?
				WHERE tenant_id = ? AND id = ?""")
			.params(channel.name(), SqlValues.text(channel.address()), this.json.writeValueAsString(channel.settings()),
					seal(channel), channel.botEnabled(), channel.enabled(), SqlValues.time(channel.updatedAt()),
					channel.tenantId(), channel.id())
			.update();
	}

	/** The tenants with channels, as the platform sees them. */
	List<UUID> tenants() {
		return this.jdbc.sql("SELECT DISTINCT tenant_id FROM channel").query(UUID.class).list();
	}

	/**
	 * Seals again with the current key the secrets of the tenant's channels another key
	 * sealed. Neither the secrets nor the channel's version change.
	 * @return how many channels were sealed again
	 */
	int reseal(UUID tenantId) {
		List<Map.Entry<UUID, byte[]>> stale = this.jdbc
			.sql("SELECT id, secrets FROM channel WHERE tenant_id = ? ORDER BY id FOR UPDATE")
			.params(tenantId)
			.query((rs, row) -> Map.entry(rs.getObject("id", UUID.class), rs.getBytes("secrets")))
			.list()
			.stream()
			.filter((entry) -> !SecretKeyRing.keyOf(entry.getValue()).equals(this.keys.currentKey()))
			.toList();
		for (Map.Entry<UUID, byte[]> entry : stale) {
			byte[] aad = associatedData(entry.getKey());
			this.jdbc.sql("UPDATE channel SET secrets = ? WHERE tenant_id = ? AND id = ?")
				.params(this.keys.seal(this.keys.open(entry.getValue(), aad), aad), tenantId, entry.getKey())
				.update();
		}
		return stale.size();
	}

	void delete(UUID tenantId, UUID id) {
		this.jdbc.sql("DELETE FROM channel WHERE tenant_id = ? AND id = ?").params(tenantId, id).update();
	}

	private byte[] seal(Channel channel) {
		return this.keys.seal(this.json.writeValueAsBytes(channel.secrets()), associatedData(channel.id()));
	}

	private static byte[] associatedData(UUID id) {
		return ("channel:" + id).getBytes(StandardCharsets.UTF_8);
	}

	private Channel map(ResultSet rs, int row) throws SQLException {
		UUID id = rs.getObject("id", UUID.class);
		Map<String, String> secrets = this.json.readValue(this.keys.open(rs.getBytes("secrets"), associatedData(id)),
				SECRETS);
		return new Channel(id, rs.getObject("tenant_id", UUID.class),
				ChannelType.parse(rs.getString("type")).orElseThrow(),
				Provider.parse(rs.getString("provider")).orElseThrow(), rs.getString("name"), rs.getString("route_key"),
				rs.getString("address"), this.json.readValue(rs.getString("settings"), SETTINGS), secrets,
				rs.getBoolean("bot_enabled"), rs.getBoolean("enabled"), rs.getLong("version"),
				SqlValues.instant(rs, "created_at"), SqlValues.instant(rs, "updated_at"));
	}

	// Routes: the global directory webhooks use before a tenant is in scope.

	record Route(UUID tenantId, UUID channelId) {
	}

	Optional<Route> route(String kind, String key) {
		return this.jdbc.sql("SELECT tenant_id, channel_id FROM channel_route WHERE kind = ? AND key = ?")
			.params(kind, key)
			.query((rs, row) -> new Route(rs.getObject("tenant_id", UUID.class),
					rs.getObject("channel_id", UUID.class)))
			.optional();
	}

	boolean routeTaken(String kind, String key, UUID except) {
		return this.jdbc.sql("SELECT count(*) FROM channel_route WHERE kind = ? AND key = ? AND channel_id <> ?")
			.params(kind, key, except)
			.query(Long.class)
			.single() > 0;
	}

	void replaceRoutes(Channel channel) {
		deleteRoutes(channel.tenantId(), channel.id());
		if (!channel.enabled()) {
			return;
		}
		addRoute("key", channel.routeKey(), channel);
		if (channel.type() == ChannelType.EMAIL && channel.address() != null) {
			addRoute("email", channel.address(), channel);
		}
	}

	private void addRoute(String kind, String key, Channel channel) {
		this.jdbc.sql("INSERT INTO channel_route (kind, key, tenant_id, channel_id) VALUES (?, ?, ?, ?)")
			.params(kind, key, channel.tenantId(), channel.id())
			.update();
	}

	void deleteRoutes(UUID tenantId, UUID channelId) {
		this.jdbc.sql("DELETE FROM channel_route WHERE tenant_id = ? AND channel_id = ?")
			.params(tenantId, channelId)
			.update();
	}

}
