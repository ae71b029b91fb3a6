package com.flowsupport.kb.content;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.flowsupport.kb.content.CatalogEntry.Kind;
import com.flowsupport.shared.audit.AdminAudit;
import com.flowsupport.shared.events.Uuids;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.CursorPage;
import com.flowsupport.shared.web.Cursors;
import com.flowsupport.shared.web.JsonReader;
import com.flowsupport.shared.web.Problems;

/**
 * The help center's layout: categories and their sections. Staff write, everyone reads.
 */
@Service
public class CatalogService {

	static final int NAME_MAX = 200;

	static final int DESCRIPTION_MAX = 2_000;

	private final CatalogRepository catalog;

	private final Clock clock;

	private final AdminAudit audit;

	CatalogService(CatalogRepository catalog, Clock clock, AdminAudit audit) {
		this.catalog = catalog;
		this.clock = clock;
		this.audit = audit;
	}

	@Transactional
	CatalogEntry create(Kind kind, JsonNode body) {
		requireStaff();
		UUID tenantId = Tenancy.require().requireTenantId();
		JsonReader in = new JsonReader(body, (kind == Kind.SECTION)
				? Set.of("categoryId", "name", "description", "position") : Set.of("name", "description", "position"));
		UUID categoryId = (kind == Kind.SECTION) ? in.uuid("categoryId") : null;
		if (kind == Kind.SECTION && categoryId == null && (!in.has("categoryId") || body.get("categoryId").isNull())) {
			in.reject("categoryId", "is required");
		}
		String name = in.text("name", NAME_MAX, true);
		String description = in.text("description", DESCRIPTION_MAX, false);
		int position = position(in);
		in.finish();
		if (categoryId != null && this.catalog.find(Kind.CATEGORY, tenantId, categoryId).isEmpty()) {
			throw Problems.unprocessable(Map.of("categoryId", "is not a category of this tenant"));
		}
		Instant now = this.clock.instant();
		CatalogEntry entry = new CatalogEntry(Uuids.timeOrdered(), categoryId, name, description, position, 0, now,
				now);
		this.catalog.insert(kind, tenantId, entry);
		this.audit.record("kb_" + kind.table + ".created", "kb_" + kind.table, entry.id(), Map.of("name", name));
		return entry;
	}

	@Transactional
	CatalogEntry update(Kind kind, UUID id, @Nullable Long expectedVersion, JsonNode body) {
		requireStaff();
		CatalogEntry current = get(kind, id);
		if (expectedVersion != null && expectedVersion != current.version()) {
			throw Problems.preconditionFailed();
		}
		JsonReader in = new JsonReader(body, Set.of("name", "description", "position"));
		String name = in.has("name") ? in.text("name", NAME_MAX, true) : current.name();
		String description = in.has("description") ? in.text("description", DESCRIPTION_MAX, false)
				: current.description();
		int position = in.has("position") ? position(in) : current.position();
		in.finish();
		CatalogEntry changed = new CatalogEntry(id, current.categoryId(), name, description, position,
				current.version(), current.createdAt(), this.clock.instant());
		this.catalog.update(kind, Tenancy.require().requireTenantId(), changed);
		this.audit.record("kb_" + kind.table + ".updated", "kb_" + kind.table, id, Map.of("name", name));
		return get(kind, id);
	}

	/** Removes an empty entry; one still holding sections or articles is a 409. */
	@Transactional
	void delete(Kind kind, UUID id) {
		requireStaff();
		if (!this.catalog.delete(kind, Tenancy.require().requireTenantId(), id)) {
			throw Problems.notFound(kind.label);
		}
		this.audit.record("kb_" + kind.table + ".deleted", "kb_" + kind.table, id, Map.of());
	}

	@Transactional(readOnly = true)
	public CatalogEntry get(Kind kind, UUID id) {
		// Customers see the entries holding something they may read, as in the help
		// center.
		CallerIdentity caller = Tenancy.require();
		return this.catalog.find(kind, caller.requireTenantId(), id, !Visibility.staff(caller))
			.orElseThrow(() -> Problems.notFound(kind.label));
	}

	/**
	 * @param readableOnly only entries holding a published article the caller may read
	 * (always so for customers)
	 */
	@Transactional(readOnly = true)
	public CursorPage<CatalogEntry> list(Kind kind, @Nullable UUID categoryId, @Nullable String cursor, int limit,
			boolean readableOnly) {
		return CursorPage.fromLookahead(
				this.catalog.list(kind, Tenancy.require().requireTenantId(), categoryId,
						Cursors.decode(cursor, CatalogEntry.Position.class), limit + 1,
						readableOnly || !Visibility.staff(Tenancy.require())),
				limit, (entry) -> new CatalogEntry.Position(entry.position(), entry.id()));
	}

	private static int position(JsonReader in) {
		Integer position = in.integer("position", -1_000_000, 1_000_000);
		return (position != null) ? position : 0;
	}

	static void requireStaff() {
		Tenancy.requireRole(AppRole.AGENT, AppRole.ADMIN, AppRole.SUPER_ADMIN, AppRole.SERVICE);
	}

}
