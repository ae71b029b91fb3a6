package com.flowsupport.gateway.edge;

import io.micrometer.tracing.propagation.Propagator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Request hygiene ahead of authentication and routing: request ids, CORS, internal
 * endpoints kept off the edge, body size, identity headers a client could spoof, and what
 * the services are told (the request id, who the client is and the trace).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EdgeProperties.class)
class EdgeConfiguration {

	@Bean
	RequestIdFilter requestIdFilter() {
		return new RequestIdFilter();
	}

	@Bean
	IdentityHeaderFilter identityHeaderFilter(EdgeProperties properties) {
		return new IdentityHeaderFilter(properties.identityHeaders());
	}

	@Bean
	CorsFilter corsFilter(EdgeProperties properties) {
		return new CorsFilter(properties.cors());
	}

	@Bean
	InternalPathFilter internalPathFilter(EdgeProperties properties) {
		return new InternalPathFilter(properties.internalPaths());
	}

	@Bean
	RequestSizeFilter requestSizeFilter(EdgeProperties properties) {
		return new RequestSizeFilter(properties.maxRequestSize(), properties.bodyLimits());
	}

	@Bean
	ClientAddressResolver clientAddressResolver(EdgeProperties properties) {
		return new ClientAddressResolver(properties.trustedProxies());
	}

	@Bean
	ServiceRequestHeaders serviceRequestHeaders(ClientAddressResolver clients, ObjectProvider<Propagator> propagator) {
		return new ServiceRequestHeaders(clients, propagator.getIfAvailable());
	}

}
