package com.flowsupport.shared.web;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Email addresses as the platform uses them. People who write in by SMS, WhatsApp or the
 * widget without an email address get one under the reserved top-level domain
 * {@code .invalid} (RFC 2606): it names them, but no mail reaches it and no mailbox can
 * prove it.
 */
public final class EmailAddresses {

	private EmailAddresses() {
	}

	/** Whether mail to the address can reach anyone. */
	public static boolean mailable(@Nullable String email) {
		if (email == null) {
			return false;
		}
		String domain = email.substring(email.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
		// "example.invalid." is the same domain as "example.invalid".
		while (domain.endsWith(".")) {
			domain = domain.substring(0, domain.length() - 1);
		}
		return !domain.equals("invalid") && !domain.endsWith(".invalid");
	}

}
