package com.flowsupport.shared.events;

/**
 * Every event type name on the platform, in one place. Names are dotted past tense; the
 * first segment is the family, and each family has its own stream ({@link EventStreams}).
 */
public final class EventTypes {

	public static final String TENANT_CREATED = "tenant.created";

	public static final String TENANT_UPDATED = "tenant.updated";

	public static final String USER_CREATED = "user.created";

	public static final String TICKET_CREATED = "ticket.created";

	public static final String TICKET_UPDATED = "ticket.updated";

	public static final String TICKET_STATUS_CHANGED = "ticket.status_changed";

	public static final String TICKET_ASSIGNED = "ticket.assigned";

	/**
	 * A business rule asked for someone to be told about a ticket; channel-service
	 * delivers it.
	 */
	public static final String TICKET_NOTIFICATION_REQUESTED = "ticket.notification_requested";

	public static final String TICKET_MERGED = "ticket.merged";

	/**
	 * A ticket is gone for good (its tenant's retention period ran out): consumers drop
	 * what they derived from it.
	 */
	public static final String TICKET_DELETED = "ticket.deleted";

	public static final String COMMENT_CREATED = "comment.created";

	public static final String SLA_BREACHED = "sla.breached";

	public static final String KB_ARTICLE_PUBLISHED = "kb.article.published";

	public static final String KB_ARTICLE_UPDATED = "kb.article.updated";

	public static final String KB_ARTICLE_ARCHIVED = "kb.article.archived";

	public static final String CHANNEL_MESSAGE_RECEIVED = "channel.message.received";

	/**
	 * An admin action in some service, for identity-service to append to the tenant's
	 * tamper-evident audit log ({@code com.flowsupport.shared.audit.AdminAudit}).
	 */
	public static final String AUDIT_RECORDED = "audit.recorded";

	private EventTypes() {
	}

	/**
	 * The family of a type: its first segment ({@code ticket} for
	 * {@code ticket.created}).
	 */
	public static String familyOf(String type) {
		int dot = type.indexOf('.');
		if (dot <= 0 || dot == type.length() - 1) {
			throw new IllegalArgumentException("Event type must be dotted, e.g. ticket.created: " + type);
		}
		return type.substring(0, dot);
	}

}
