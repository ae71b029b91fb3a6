package com.flowsupport.shared.observability;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * W3C trace context across asynchronous hops. The producer of an event records the
 * current {@code traceparent} with it; the consumer continues that trace, so the work an
 * event causes in another service shows in the same trace (and its log lines carry the
 * same trace id) as the request that caused it.
 */
public class TraceContexts {

	static final String TRACEPARENT = "traceparent";

	private final ObservationRegistry observations;

	private final @Nullable Tracer tracer;

	private final @Nullable Propagator propagator;

	public TraceContexts(ObservationRegistry observations, @Nullable Tracer tracer, @Nullable Propagator propagator) {
		this.observations = observations;
		this.tracer = tracer;
		this.propagator = propagator;
	}

	/** Without tracing: nothing is recorded, work runs as it is. */
	public static TraceContexts none() {
		return new TraceContexts(ObservationRegistry.NOOP, null, null);
	}

	/**
	 * The {@code traceparent} header value of the span in scope, or {@code null} outside
	 * of any trace.
	 */
	public @Nullable String currentTraceparent() {
		if (this.tracer == null || this.propagator == null) {
			return null;
		}
		TraceContext context = this.tracer.currentTraceContext().context();
		if (context == null) {
			return null;
		}
		Map<String, String> carrier = new HashMap<>();
		this.propagator.inject(context, carrier, Map::put);
		return carrier.get(TRACEPARENT);
	}

	/**
	 * Runs {@code work}, the handling of one event by {@code consumer}, as a consumer
	 * span: a child of {@code traceparent} when the event carries one, else the root of a
	 * new trace. Its log lines carry the trace and the event's tenant; its duration is
	 * the {@code flowsupport.events.consume} timer.
	 */
	public void consumeEvent(@Nullable String traceparent, String type, String consumer, UUID tenantId, Runnable work) {
		continueTrace(traceparent, "flowsupport.events.consume", "consume " + type, tenantId, work, "event.type", type,
				"consumer", consumer);
	}

	/**
	 * Runs {@code work}, a queued job of kind {@code kind} done on behalf of whatever
	 * queued it, as a span in the trace it was queued in ({@code traceparent}, recorded
	 * with the job from {@link #currentTraceparent()}), else the root of a new trace. So
	 * work done later, on a worker's thread, still shows in the trace of the request or
	 * event that asked for it. Its log lines carry the tenant; its duration is the
	 * {@code flowsupport.jobs.run} timer.
	 */
	public void runJob(@Nullable String traceparent, String kind, UUID tenantId, Runnable work) {
		continueTrace(traceparent, "flowsupport.jobs.run", "run " + kind, tenantId, work, "job.kind", kind);
	}

	private void continueTrace(@Nullable String traceparent, String name, String contextualName, UUID tenantId,
			Runnable work, String... lowCardinalityKeyValues) {
		ReceiverContext<Map<String, String>> context = new ReceiverContext<>(Map::get);
		context.setCarrier((traceparent != null) ? Map.of(TRACEPARENT, traceparent) : Map.of());
		try (MDC.MDCCloseable tenant = MDC.putCloseable(LogFields.TENANT_ID, tenantId.toString())) {
			Observation.createNotStarted(name, () -> context, this.observations)
				.contextualName(contextualName)
				.lowCardinalityKeyValues(KeyValues.of(lowCardinalityKeyValues))
				.observe(work);
		}
	}

}
