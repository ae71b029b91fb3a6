package com.flowsupport.shared.sample;

import java.util.Set;
import java.util.UUID;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

import com.flowsupport.shared.events.EventSubscription;

/**
 * A minimal service built the way the real ones are, to prove the shared mechanisms end
 * to end. Its subscription counts deliveries on the note itself, in the handler's
 * transaction, and fails on purpose for notes whose body says so.
 */
@SpringBootApplication
public class SampleApplication {

	public static final String NOTE_CREATED = "note.created";

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

	@Bean
	EventSubscription noteCounter(JdbcTemplate jdbc) {
		return new EventSubscription("sample-counter", Set.of(NOTE_CREATED), (event) -> {
			UUID noteId = UUID.fromString(event.data().required("id").asString());
			if (event.data().required("body").asString().contains("poison")) {
				throw new IllegalStateException("handler refuses poison notes");
			}
			jdbc.update("UPDATE note SET handled_count = handled_count + 1 WHERE id = ?", noteId);
		});
	}

}
