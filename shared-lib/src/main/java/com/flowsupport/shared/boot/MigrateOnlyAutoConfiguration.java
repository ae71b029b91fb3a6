package com.flowsupport.shared.boot;

import java.util.function.IntConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.LifecycleProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.support.AbstractApplicationContext;

/**
 * Migrate and exit, for a release's migration job
 * ({@code flowsupport.db.migrate-only=true}): the context is the service's own, refreshed
 * as far as the database bootstrap and Flyway (both run while it is refreshed), but no
 * lifecycle bean starts: the web and management servers never open their ports, event
 * relays and consumers and background workers never run. Then the process exits with
 * status 0; a failed migration fails the start, and the process exits non-zero. The
 * service's pods can then run with {@code spring.flyway.enabled=false}.
 */
@AutoConfiguration(before = LifecycleAutoConfiguration.class)
@ConditionalOnBooleanProperty(MigrateOnlyAutoConfiguration.PROPERTY)
public class MigrateOnlyAutoConfiguration {

	static final String PROPERTY = "flowsupport.db.migrate-only";

	@Bean(AbstractApplicationContext.LIFECYCLE_PROCESSOR_BEAN_NAME)
	LifecycleProcessor lifecycleProcessor() {
		return new NothingStarts();
	}

	@Bean
	static MigratedExit migratedExit() {
		return new MigratedExit(System::exit);
	}

	/**
	 * Keeps every lifecycle bean stopped, the web servers (whose ports open on start)
	 * included: a migration job only migrates.
	 */
	static final class NothingStarts implements LifecycleProcessor {

		@Override
		public void onRefresh() {
		}

		@Override
		public void onClose() {
		}

		@Override
		public void start() {
		}

		@Override
		public void stop() {
		}

		@Override
		public boolean isRunning() {
			return false;
		}

	}

	/**
	 * Once the context has started (migrations done), closes it and exits with its exit
	 * code: before application runners, which belong to a serving process.
	 */
	static final class MigratedExit implements ApplicationListener<ApplicationStartedEvent> {

		private static final Logger log = LoggerFactory.getLogger(MigratedExit.class);

		private final IntConsumer exit;

		MigratedExit(IntConsumer exit) {
			this.exit = exit;
		}

		@Override
		public void onApplicationEvent(ApplicationStartedEvent event) {
			log.info("Schema {} migrated; exiting ({}=true)",
					event.getApplicationContext().getEnvironment().getProperty("flowsupport.db.schema"), PROPERTY);
			this.exit.accept(SpringApplication.exit(event.getApplicationContext()));
		}

	}

}
