package com.flowsupport.rag.answer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class CustomerIntentTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "That solved it, thanks!|SOLVED", "thanks, it works now|SOLVED", "Perfect, that worked.|SOLVED",
					"Problem solved|SOLVED", "human please|HUMAN", "Can I talk to a real person?|HUMAN",
					"I want to speak to an agent|HUMAN", "agent|HUMAN", "This is useless|FRUSTRATED",
					"that did not help at all|FRUSTRATED", "IT STILL DOES NOT WORK AT ALL|FRUSTRATED",
					"And how do I change the delivery address?|QUESTION",
					"it didn't solve it, the page still shows an error|FRUSTRATED",
					"Thanks, but what about orders from last year?|QUESTION" })
	void readsWhatTheCustomerMeans(String message, CustomerIntent intent) {
		assertThat(CustomerIntent.of(message)).isEqualTo(intent);
	}

}
