package com.flowsupport.shared.events;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class UuidsTest {

	@Test
	void idsGeneratedOneAfterAnotherSortInThatOrder() {
		UUID previous = Uuids.timeOrdered();
		for (int i = 0; i < 100_000; i++) {
			UUID next = Uuids.timeOrdered();
			// Postgres compares uuids as unsigned bytes; the first eight decide here.
			assertThat(Long.compareUnsigned(next.getMostSignificantBits(), previous.getMostSignificantBits()))
				.isPositive();
			previous = next;
		}
	}

	@Test
	void theyAreVersion7AndCarryTheTime() {
		UUID id = Uuids.timeOrdered();
		assertThat(id.version()).isEqualTo(7);
		assertThat(id.variant()).isEqualTo(2);
		// Within a second: a burst of more ids per millisecond than the counter holds
		// borrows milliseconds ahead.
		assertThat(id.getMostSignificantBits() >>> 16).isCloseTo(System.currentTimeMillis(), within(1_000L));
	}

}
