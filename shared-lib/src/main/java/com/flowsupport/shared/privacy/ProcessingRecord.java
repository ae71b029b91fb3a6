package com.flowsupport.shared.privacy;

import java.util.List;

/**
 * One entry of the records of processing (GDPR art. 30) a service keeps about people.
 *
 * @param activity what the service does with the data, e.g. {@code "support tickets"}
 * @param purposes why
 * @param dataCategories which kinds of personal data it holds
 * @param dataSubjects whose data: customers, agents...
 * @param retention how long it is kept
 * @param recipients processors and other recipients it is disclosed to (an LLM provider,
 * an SMS gateway), as configured now
 */
public record ProcessingRecord(String activity, List<String> purposes, List<String> dataCategories,
		List<String> dataSubjects, String retention, List<String> recipients) {

	public ProcessingRecord {
		purposes = List.copyOf(purposes);
		dataCategories = List.copyOf(dataCategories);
		dataSubjects = List.copyOf(dataSubjects);
		recipients = List.copyOf(recipients);
	}

}
