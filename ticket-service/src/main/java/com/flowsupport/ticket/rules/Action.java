package com.flowsupport.ticket.rules;

import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One thing a trigger or macro does to a ticket, such as {@code status: solved},
 * {@code add_tags: [refund]} or {@code notify: {recipient, subject, body}}.
 *
 * @param value normalized when the rule was saved; {@code null} clears (group, assignee,
 * custom field)
 */
record Action(String field, @Nullable Object value) {

	static final String STATUS = "status";

	static final String PRIORITY = "priority";

	static final String TYPE = "type";

	static final String GROUP = "group";

	static final String ASSIGNEE = "assignee";

	static final String ADD_TAGS = "add_tags";

	static final String REMOVE_TAGS = "remove_tags";

	static final String SET_TAGS = "set_tags";

	static final String ADD_NOTE = "add_note";

	static final String NOTIFY = "notify";

	static final String COMMENT = "comment";

	static final String CUSTOM_FIELD_PREFIX = "custom_fields.";

	/**
	 * The value of an action whose value is an object ({@code notify}, {@code comment}).
	 */
	@SuppressWarnings("unchecked")
	Map<String, Object> members() {
		return (Map<String, Object>) Objects.requireNonNull(this.value);
	}

}
