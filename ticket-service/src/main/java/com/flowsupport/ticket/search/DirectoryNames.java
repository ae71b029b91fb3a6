package com.flowsupport.ticket.search;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import com.flowsupport.ticket.directory.IdentityDirectory;

/**
 * Turns what people type in a search ({@code requester:ana@x.com}, {@code group:billing})
 * into ids. A name nobody has resolves to an id no ticket has, so the search finds
 * nothing rather than failing.
 */
@Component
class DirectoryNames {

	static final UUID NOBODY = new UUID(0, 0);

	private final IdentityDirectory directory;

	DirectoryNames(IdentityDirectory directory) {
		this.directory = directory;
	}

	UUID userId(String value) {
		UUID id = parse(value);
		if (id != null) {
			return id;
		}
		return value.contains("@") ? this.directory.userIdByEmail(value).orElse(NOBODY) : NOBODY;
	}

	UUID groupId(String value) {
		UUID id = parse(value);
		return (id != null) ? id : this.directory.groupIdByName(value).orElse(NOBODY);
	}

	private static @Nullable UUID parse(String value) {
		try {
			return UUID.fromString(value);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
