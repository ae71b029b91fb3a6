package com.flowsupport.shared.privacy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A service's {@link PersonalDataParticipant}s, run together: an export reads every
 * section in one read-only transaction (one consistent snapshot), an erasure changes
 * every section in one transaction, so a failure leaves nothing half anonymised. The
 * caller in scope must be a service identity of the subject's tenant; row-level security
 * then confines every statement to that tenant.
 */
public class PersonalData {

	private final List<PersonalDataParticipant> participants;

	private final TransactionTemplate reads;

	private final TransactionTemplate writes;

	public PersonalData(List<PersonalDataParticipant> participants, PlatformTransactionManager transactions) {
		this.participants = List.copyOf(participants);
		this.reads = new TransactionTemplate(transactions);
		this.reads.setReadOnly(true);
		this.writes = new TransactionTemplate(transactions);
	}

	/** Each participant's section, by section name. */
	public Map<String, JsonNode> export(DataSubject subject) {
		return Objects.requireNonNull(this.reads.execute((status) -> {
			Map<String, JsonNode> sections = new LinkedHashMap<>();
			this.participants
				.forEach((participant) -> sections.put(participant.section(), participant.export(subject)));
			return sections;
		}));
	}

	/** What each participant changed, by section name. */
	public Map<String, Map<String, Integer>> erase(DataSubject subject, UUID tombstoneId) {
		return Objects.requireNonNull(this.writes.execute((status) -> {
			Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
			this.participants
				.forEach((participant) -> counts.put(participant.section(), participant.erase(subject, tombstoneId)));
			return counts;
		}));
	}

	/** The records of processing of every participant. */
	public List<ProcessingRecord> processing() {
		return Objects.requireNonNull(this.reads
			.execute((status) -> this.participants.stream().map(PersonalDataParticipant::processing).toList()));
	}

}
