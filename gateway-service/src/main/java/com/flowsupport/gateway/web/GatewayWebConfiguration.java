package com.flowsupport.gateway.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The gateway's own answers: problems for every failure and the circuit breakers'
 * fallback.
 */
@Configuration(proxyBeanMethods = false)
class GatewayWebConfiguration {

	@Bean
	@Order(ProblemErrorHandler.ORDER)
	ProblemErrorHandler problemErrorHandler() {
		return new ProblemErrorHandler();
	}

	@Bean
	RouterFunction<ServerResponse> upstreamFallbackRoute() {
		UpstreamFallback fallback = new UpstreamFallback();
		return RouterFunctions.route(RequestPredicates.path(UpstreamFallback.PATH), fallback::handle);
	}

}
