package com.flowsupport.gateway.ratelimit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import com.flowsupport.gateway.edge.ClientAddressResolver;
import com.flowsupport.gateway.web.GatewayProblems;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.CallerIdentity;

/**
 * Counts every routed request against a budget and refuses it with 429 when the budget is
 * spent. Runs after authentication (a tenant's budget is only ever charged for that
 * tenant's valid tokens) and before the request body is read or a service called. Every
 * counted response carries {@code X-RateLimit-Limit} and {@code X-RateLimit-Remaining}; a
 * refusal adds {@code Retry-After}.
 */
final class RateLimitFilter implements GlobalFilter, Ordered {

	static final String LIMIT = "X-RateLimit-Limit";

	static final String REMAINING = "X-RateLimit-Remaining";

	/**
	 * Before the gateway buffers bodies for the circuit breakers' fallback
	 * ({@code AdaptCachedBodyGlobalFilter}, {@code HIGHEST_PRECEDENCE + 1000}).
	 */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 500;

	private static final String PLAN_CLAIM = "plan";

	private final BucketLeases limiter;

	private final RateLimitProperties properties;

	private final String bucketPrefix;

	private final ClientAddressResolver clients;

	private final List<PathPattern> publicPaths;

	private final List<SurfacePattern> surfaces;

	private final Map<Scope, Counter> allowed = new EnumMap<>(Scope.class);

	private final Map<Scope, Counter> limited = new EnumMap<>(Scope.class);

	RateLimitFilter(BucketLeases limiter, RateLimitProperties properties, String keyPrefix, List<String> publicPaths,
			ClientAddressResolver clients, MeterRegistry meters) {
		this.limiter = limiter;
		this.properties = properties;
		this.bucketPrefix = keyPrefix + "ratelimit:";
		this.clients = clients;
		PathPatternParser parser = PathPatternParser.defaultInstance;
		this.publicPaths = publicPaths.stream().map(parser::parse).toList();
		List<SurfacePattern> surfaces = new ArrayList<>();
		for (Map.Entry<String, RateLimitProperties.Surface> surface : properties.surfaces().entrySet()) {
			for (String path : surface.getValue().paths()) {
				surfaces.add(new SurfacePattern(parser.parse(path), surface.getKey(), surface.getValue().limit()));
			}
		}
		surfaces.sort(Comparator.comparing(SurfacePattern::pattern, PathPattern.SPECIFICITY_COMPARATOR));
		this.surfaces = List.copyOf(surfaces);
		for (Scope scope : Scope.values()) {
			this.allowed.put(scope, counter(meters, scope.tag, "allowed"));
			this.limited.put(scope, counter(meters, scope.tag, "limited"));
		}
	}

	private static Counter counter(MeterRegistry meters, String scope, String outcome) {
		return Counter.builder("flowsupport.gateway.rate-limit.requests")
			.description("Requests counted by the rate limiter")
			.tag("scope", scope)
			.tag("outcome", outcome)
			.register(meters);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		return ReactiveSecurityContextHolder.getContext()
			.mapNotNull(SecurityContext::getAuthentication)
			.ofType(JwtAuthenticationToken.class)
			.map((authentication) -> bucket(exchange, authentication.getToken()))
			.switchIfEmpty(Mono.fromSupplier(() -> bucket(exchange, null)))
			.flatMap((bucket) -> this.limiter.consume(bucket.key(), bucket.limit())
				.flatMap((decision) -> apply(exchange, chain, bucket, decision)));
	}

	/**
	 * Public surfaces are counted per client address even when a token comes along: a
	 * token must not move login attempts into its tenant's larger budget.
	 */
	private Bucket bucket(ServerWebExchange exchange, @Nullable Jwt token) {
		PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
		if (token != null && !isPublic(path)) {
			String tenant = token.getClaimAsString(CallerIdentity.TENANT_ID);
			if (AppRole.CUSTOMER.claimValue().equals(token.getClaimAsString(CallerIdentity.APP_ROLE))
					&& token.getSubject() != null) {
				return new Bucket(this.bucketPrefix + "tenant:" + tenant + ":customer:" + token.getSubject(),
						this.properties.customer().limit(), Scope.CUSTOMER);
			}
			String plan = token.getClaimAsString(PLAN_CLAIM);
			RateLimitProperties.Limit limit = (plan != null) ? this.properties.plans().get(plan) : null;
			if (limit == null) {
				limit = this.properties.plans().get(this.properties.defaultPlan());
			}
			return new Bucket(this.bucketPrefix + "tenant:" + tenant, limit, Scope.TENANT);
		}
		SurfacePattern surface = surface(path);
		return new Bucket(this.bucketPrefix + surface.name() + ":" + this.clients.resolve(exchange.getRequest()),
				surface.limit(), Scope.CLIENT);
	}

	private boolean isPublic(PathContainer path) {
		for (PathPattern pattern : this.publicPaths) {
			if (pattern.matches(path)) {
				return true;
			}
		}
		return false;
	}

	private SurfacePattern surface(PathContainer path) {
		for (SurfacePattern surface : this.surfaces) {
			if (surface.pattern().matches(path)) {
				return surface;
			}
		}
		// No surface covers the path: count it with the least specific one.
		return this.surfaces.get(this.surfaces.size() - 1);
	}

	private Mono<Void> apply(ServerWebExchange exchange, GatewayFilterChain chain, Bucket bucket, Decision decision) {
		if (!decision.counted()) {
			return chain.filter(exchange);
		}
		ServerHttpResponse response = exchange.getResponse();
		if (decision.allowed()) {
			this.allowed.get(bucket.scope()).increment();
			response.beforeCommit(() -> {
				// A service that enforces a stricter limit of its own (identity's account
				// lockout)
				// answers with its own figures; those are the ones the client must go by.
				if (response.getHeaders().getFirst(LIMIT) == null) {
					response.getHeaders().set(LIMIT, Integer.toString(decision.limit()));
					response.getHeaders().set(REMAINING, Long.toString(decision.remaining()));
				}
				return Mono.empty();
			});
			return chain.filter(exchange);
		}
		this.limited.get(bucket.scope()).increment();
		HttpHeaders headers = response.getHeaders();
		headers.set(LIMIT, Integer.toString(decision.limit()));
		headers.set(REMAINING, "0");
		headers.set(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
		return GatewayProblems.write(exchange,
				GatewayProblems.problem(exchange, HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests",
						"The request budget of " + bucket.scope().whose + " (" + decision.limit() + " requests per "
								+ bucket.limit().period().toSeconds() + " s) is spent; retry in "
								+ decision.retryAfterSeconds() + " s."));
	}

	private record Bucket(String key, RateLimitProperties.Limit limit, Scope scope) {
	}

	/** Whose budget a request is counted against. */
	private enum Scope {

		TENANT("tenant", "your organisation"), CUSTOMER("customer", "your account"), CLIENT("client", "your address");

		final String tag;

		final String whose;

		Scope(String tag, String whose) {
			this.tag = tag;
			this.whose = whose;
		}

	}

	private record SurfacePattern(PathPattern pattern, String name, RateLimitProperties.Limit limit) {
	}

}
