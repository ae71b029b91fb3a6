package com.flowsupport.shared.observability;

import io.lettuce.core.metrics.MicrometerCommandLatencyRecorder;
import io.lettuce.core.metrics.MicrometerOptions;
import io.lettuce.core.resource.ClientResources;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import jakarta.servlet.Filter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.web.server.WebFilter;

/**
 * Observability every service shares: {@link TraceContexts} for the event machinery, the
 * tenant in the MDC of authenticated requests, one request log line per request (switch
 * off with {@code flowsupport.observability.request-log=false}), and Redis command
 * latencies ({@code lettuce.command.completion}) recorded without an observation per
 * command.
 */
@AutoConfiguration(after = MicrometerTracingAutoConfiguration.class)
public class ObservabilityAutoConfiguration {

	/**
	 * After Boot's observation filter ({@code HIGHEST_PRECEDENCE + 1}), so the request
	 * log line is written inside the request's span.
	 */
	static final int REQUEST_LOG_ORDER = Ordered.HIGHEST_PRECEDENCE + 2;

	/** After Spring Security (order -100), which authenticates the caller. */
	static final int TENANT_LOG_CONTEXT_ORDER = -90;

	@Bean
	TraceContexts traceContexts(ObjectProvider<ObservationRegistry> observations, ObjectProvider<Tracer> tracer,
			ObjectProvider<Propagator> propagator) {
		return new TraceContexts(observations.getIfAvailable(() -> ObservationRegistry.NOOP), tracer.getIfAvailable(),
				propagator.getIfAvailable());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass(Filter.class)
	static class ServletRequestLogging {

		@Bean
		FilterRegistrationBean<TenantLogContextFilter> tenantLogContextFilter() {
			FilterRegistrationBean<TenantLogContextFilter> registration = new FilterRegistrationBean<>(
					new TenantLogContextFilter());
			registration.setOrder(TENANT_LOG_CONTEXT_ORDER);
			return registration;
		}

		@Bean
		@ConditionalOnBooleanProperty(name = "flowsupport.observability.request-log", matchIfMissing = true)
		FilterRegistrationBean<RequestLogFilter> requestLogFilter() {
			FilterRegistrationBean<RequestLogFilter> registration = new FilterRegistrationBean<>(
					new RequestLogFilter());
			registration.setOrder(REQUEST_LOG_ORDER);
			return registration;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@ConditionalOnClass(WebFilter.class)
	static class ReactiveRequestLogging {

		@Bean
		@ConditionalOnBooleanProperty(name = "flowsupport.observability.request-log", matchIfMissing = true)
		ReactiveRequestLogFilter reactiveRequestLogFilter() {
			return new ReactiveRequestLogFilter();
		}

	}

	/**
	 * Spring Security observes nothing:
	 * {@code management.observations.enable.spring.security=false} (the shared defaults)
	 * only makes its observations no-ops, while the filter chain is still wrapped, filter
	 * by filter, in observing decorators on every request. These settings leave the chain
	 * undecorated.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SecurityObservationSettings.class)
	static class SecurityObservations {

		@Bean
		SecurityObservationSettings noSpringSecurityObservations() {
			return SecurityObservationSettings.noObservations();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ClientResources.class, ClientResourcesBuilderCustomizer.class })
	static class RedisCommandMetrics {

		@Bean
		ClientResourcesBuilderCustomizer redisCommandLatencies(ObjectProvider<MeterRegistry> meters) {
			return (builder) -> meters.ifAvailable((registry) -> builder
				.commandLatencyRecorder(new MicrometerCommandLatencyRecorder(registry, MicrometerOptions.create())));
		}

	}

}
