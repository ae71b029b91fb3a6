package com.flowsupport.kb.content;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.CallerIdentity;

/**
 * Who may read an article: everyone ({@code public}, the help center included), signed-in
 * customers ({@code signed_in}), or agents only ({@code internal}). The database enforces
 * the same rule through {@code caller_audiences()}; this is what the code filters by in
 * addition, and how a caller may narrow what it retrieves.
 */
public enum Visibility {

	PUBLIC, SIGNED_IN, INTERNAL;

	public static final String ALLOWED = "public, signed_in, internal";

	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static Optional<Visibility> parse(String value) {
		for (Visibility visibility : values()) {
			if (visibility.value().equals(value)) {
				return Optional.of(visibility);
			}
		}
		return Optional.empty();
	}

	/** The widest audience a caller belongs to. */
	public static Visibility audienceOf(CallerIdentity caller) {
		if (isAnonymous(caller)) {
			return PUBLIC;
		}
		return (caller.role() == AppRole.CUSTOMER) ? SIGNED_IN : INTERNAL;
	}

	/** Whether the caller reads internal content: agents, admins and services. */
	public static boolean staff(CallerIdentity caller) {
		return audienceOf(caller) == INTERNAL;
	}

	/** The visibilities an audience reads: itself and everything more public. */
	public List<Visibility> readable() {
		return List.of(values()).subList(0, ordinal() + 1);
	}

	/**
	 * A visitor of the public help center: a customer identity marked with the Supabase
	 * role {@code anon}, which the policies give public content only.
	 */
	public static boolean isAnonymous(CallerIdentity caller) {
		return "anon".equals(caller.claims().get("role"));
	}

}
