package com.flowsupport.identity.privacy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.flowsupport.shared.privacy.DataSubject;
import com.flowsupport.shared.privacy.PersonalDataParticipant;
import com.flowsupport.shared.privacy.PersonalDataRows;
import com.flowsupport.shared.privacy.ProcessingRecord;

/**
 * A person's account: profile, group memberships, sessions, password resets, the API keys
 * and invitations they created, and the audit entries that name them. Erasure keeps the
 * user row under its id, which the append-only audit log goes on naming, with tombstone
 * values and status {@code erased}: no password, no session, no reset link, no key is
 * left to sign in with; earlier exports of the person are deleted. (Failed-login counters
 * in Redis are keyed by a hash of the address and expire with the lockout window.)
 */
@Component
class AccountPersonalData implements PersonalDataParticipant {

	static final String ERASED_NAME = "Erased user";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	private final PersonalDataRows rows;

	AccountPersonalData(JdbcClient jdbc) {
		this.jdbc = jdbc;
		this.rows = new PersonalDataRows(jdbc);
	}

	/** The address an erased user is left with: unique, and never deliverable. */
	static String erasedEmail(UUID tombstoneId) {
		return "erased-" + tombstoneId + "@erased.invalid";
	}

	@Override
	public String section() {
		return "account";
	}

	@Override
	public JsonNode export(DataSubject subject) {
		UUID tenant = subject.tenantId();
		UUID person = subject.subjectId();
		ObjectNode section = JSON.createObjectNode();
		section.set("profile", this.rows.rows("""
				SELECT id, email, name, role, status, restricted_to_groups, password_changed_at, created_at, updated_at
				FROM app_user WHERE tenant_id = ? AND id = ?""", tenant, person));
		section.set("groups", this.rows.rows("""
				SELECT g.id, g.name FROM group_membership m JOIN agent_group g ON g.id = m.group_id
				WHERE m.tenant_id = ? AND m.user_id = ? ORDER BY g.name""", tenant, person));
		section.set("sessions", this.rows.rows("""
				SELECT family_id, issued_at, expires_at, used_at, revoked_at FROM refresh_token
				WHERE tenant_id = ? AND user_id = ? ORDER BY issued_at""", tenant, person));
		section.set("passwordResets", this.rows.rows("""
				SELECT created_at, expires_at, used_at, revoked_at FROM password_reset
				WHERE tenant_id = ? AND user_id = ? ORDER BY created_at""", tenant, person));
		section.set("apiKeys", this.rows.rows("""
				SELECT id, name, role, created_at, last_used_at, revoked_at FROM api_key
				WHERE tenant_id = ? AND created_by = ? ORDER BY created_at""", tenant, person));
		section.set("invitations", this.rows.rows("""
				SELECT id, email, role, invited_by, expires_at, accepted_at, created_at FROM invitation
				WHERE tenant_id = ? AND (invited_by = ?
					OR lower(email) IN (SELECT lower(value) FROM jsonb_array_elements_text(CAST(? AS jsonb))))
				ORDER BY created_at""", tenant, person, subject.identifiersJson()));
		section.set("auditReferences", this.rows.rows("""
				SELECT id, occurred_at, actor_id, actor_role, action, target_type, target_id, client_ip, details
				FROM audit_event WHERE tenant_id = ? AND (actor_id = ? OR target_id = ?) ORDER BY occurred_at, id""",
				tenant, person, person.toString()));
		return section;
	}

	@Override
	public Map<String, Integer> erase(DataSubject subject, UUID tombstoneId) {
		Map<String, Object> params = Map.of("tenant", subject.tenantId(), "subject", subject.subjectId(), "tombstone",
				tombstoneId, "identifiers", subject.identifiersJson());
		Map<String, Integer> counts = new LinkedHashMap<>();
		counts.put("sessions",
				this.jdbc.sql("DELETE FROM refresh_token WHERE tenant_id = :tenant AND user_id = :subject")
					.params(params)
					.update());
		counts.put("passwordResets",
				this.jdbc.sql("DELETE FROM password_reset WHERE tenant_id = :tenant AND user_id = :subject")
					.params(params)
					.update());
		counts.put("groups",
				this.jdbc.sql("DELETE FROM group_membership WHERE tenant_id = :tenant AND user_id = :subject")
					.params(params)
					.update());
		counts.put("apiKeys",
				this.jdbc.sql("DELETE FROM api_key WHERE tenant_id = :tenant AND created_by = :subject")
					.params(params)
					.update());
		int invitations = this.jdbc
			.sql("""
					DELETE FROM invitation WHERE tenant_id = :tenant
						AND lower(email) IN (SELECT lower(value) FROM jsonb_array_elements_text(CAST(:identifiers AS jsonb)))""")
			.params(params)
			.update();
		invitations += this.jdbc
			.sql("UPDATE invitation SET invited_by = :tombstone WHERE tenant_id = :tenant AND invited_by = :subject")
			.params(params)
			.update();
		counts.put("invitations", invitations);
		// Their exports are copies of what is being erased.
		this.jdbc.sql("""
				UPDATE privacy_job_step SET result = NULL
				WHERE tenant_id = :tenant AND result IS NOT NULL
					AND job_id IN (SELECT id FROM privacy_job WHERE tenant_id = :tenant AND subject_id = :subject
						AND kind = 'export')""").params(params).update();
		counts.put("exports", this.jdbc.sql("""
				UPDATE privacy_job SET archive = NULL, identifiers = '[]'
				WHERE tenant_id = :tenant AND subject_id = :subject AND kind = 'export'
					AND (archive IS NOT NULL OR identifiers <> '[]')""").params(params).update());
		counts.put("profile", this.jdbc.sql("""
				UPDATE app_user SET email = :email, name = :name, password_hash = NULL, password_changed_at = NULL,
					status = 'erased', restricted_to_groups = false, version = version + 1, updated_at = now()
				WHERE tenant_id = :tenant AND id = :subject AND status <> 'erased'""")
			.params(params)
			.param("email", erasedEmail(tombstoneId))
			.param("name", ERASED_NAME)
			.update());
		return counts;
	}

	@Override
	public ProcessingRecord processing() {
		return new ProcessingRecord("accounts and sign-in",
				List.of("authenticating users", "authorising what they may do", "security audit"),
				List.of("email address", "name", "role and group memberships", "password hash (Argon2id)",
						"sessions and sign-in events with client addresses"),
				List.of("customers", "agents", "admins"),
				"kept while the account exists; erasure anonymises it, the audit log keeps only the user id",
				List.of());
	}

}
