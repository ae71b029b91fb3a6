package com.flowsupport.shared.sample;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import com.flowsupport.shared.events.Uuids;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.test.ServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application path (Spring Data JPA through the service's transaction manager) over a
 * pool of exactly one connection, shared by two tenants, a caller without identity, and
 * the platform's own background workers: no transaction ever sees another's claims.
 */
@ServiceIntegrationTest
@TestPropertySource(properties = "spring.datasource.hikari.maximum-pool-size=1")
class SingleConnectionPoolTest {

	@Autowired
	NoteRepository notes;

	@Autowired
	TransactionTemplate transactions;

	@Test
	void interleavedTenantsNeverLeakClaimsThroughThePool() throws Exception {
		CallerIdentity alice = CallerIdentity.user(UUID.randomUUID(), UUID.randomUUID(), AppRole.AGENT);
		CallerIdentity bob = CallerIdentity.user(UUID.randomUUID(), UUID.randomUUID(), AppRole.AGENT);
		for (CallerIdentity caller : List.of(alice, bob)) {
			Tenancy.runAs(caller, () -> this.transactions.executeWithoutResult(
					(tx) -> this.notes.save(new Note(Uuids.timeOrdered(), caller.requireTenantId(), "mine"))));
		}
		ExecutorService threads = Executors.newFixedThreadPool(3);
		try {
			List<Future<Boolean>> results = threads.invokeAll(List.of(seesOnly(alice), seesOnly(bob), seesNothing()));
			for (Future<Boolean> result : results) {
				assertThat(result.get()).isTrue();
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

	private Callable<Boolean> seesOnly(CallerIdentity caller) {
		return () -> {
			for (int i = 0; i < 50; i++) {
				List<Note> visible = Tenancy.callAs(caller,
						() -> this.transactions.execute((tx) -> this.notes.findAll()));
				assertThat(visible).isNotEmpty().allMatch((note) -> note.getTenantId().equals(caller.tenantId()));
			}
			return true;
		};
	}

	private Callable<Boolean> seesNothing() {
		return () -> {
			for (int i = 0; i < 50; i++) {
				Long visible = this.transactions.execute((tx) -> this.notes.count());
				assertThat(visible).isZero();
			}
			return true;
		};
	}

}
