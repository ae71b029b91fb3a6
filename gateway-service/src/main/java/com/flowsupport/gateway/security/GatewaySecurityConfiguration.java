package com.flowsupport.gateway.security;

import java.time.Clock;

import io.netty.channel.ChannelOption;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.reactive.function.client.WebClient;

import com.flowsupport.gateway.web.GatewayProblems;
import com.flowsupport.shared.security.AccessTokenValidators;
import com.flowsupport.shared.security.JwtProperties;

/**
 * Access tokens are checked here, before anything is routed, with the same rules every
 * service applies (RS256 from identity-service's key set, {@link AccessTokenValidators}),
 * except that the services' own tokens are refused: they never come from outside.
 * Everything under {@code /api/v1/**} needs a valid token except the public surfaces
 * ({@code flowsupport.security.jwt.public-paths}); a token that is present but invalid is
 * refused everywhere. The token itself travels on unchanged: each service validates it
 * again.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ JwtProperties.class, JwksProperties.class })
class GatewaySecurityConfiguration {

	@Bean
	ReactiveJwtDecoder jwtDecoder(JwtProperties jwt, JwksProperties jwks) {
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) jwks.fetchTimeout().toMillis())
			.responseTimeout(jwks.fetchTimeout());
		WebClient keySetClient = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(http))
			.filter(new JwkSetFetchThrottle(jwks.minRefreshInterval()))
			.build();
		ReactiveJwtDecoder verifying = new ExpiringJwtDecoder(() -> {
			NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(jwt.jwkSetUri())
				.jwsAlgorithm(SignatureAlgorithm.RS256)
				.webClient(keySetClient)
				.build();
			decoder.setJwtValidator(AccessTokenValidators.ofClients(jwt));
			return decoder;
		}, jwks.cacheTtl());
		if (jwks.verifiedTokenTtl().isZero()) {
			return verifying;
		}
		return new VerifiedTokenCache(verifying, jwks.verifiedTokenTtl(), jwks.verifiedTokenCacheSize(),
				Clock.systemUTC());
	}

	/**
	 * Spring Security's strict firewall as it is by default, with the header-value rule
	 * checked without a regular expression ({@link HeaderValues}).
	 */
	@Bean
	ServerWebExchangeFirewall firewall() {
		StrictServerWebExchangeFirewall firewall = new StrictServerWebExchangeFirewall();
		firewall.setAllowedHeaderValues(HeaderValues::allowed);
		return firewall;
	}

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, JwtProperties jwt,
			ReactiveJwtDecoder decoder) {
		String[] publicPaths = jwt.publicPaths().toArray(String[]::new);
		ServerAuthenticationEntryPoint unauthorized = unauthorized();
		ServerAccessDeniedHandler forbidden = forbidden();
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.anonymous(ServerHttpSecurity.AnonymousSpec::disable)
			.requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()))
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.authorizeExchange((exchanges) -> {
				if (publicPaths.length > 0) {
					exchanges.pathMatchers(publicPaths).permitAll();
				}
				exchanges.pathMatchers("/api/v1/**").authenticated().anyExchange().permitAll();
			})
			.oauth2ResourceServer((server) -> server.jwt((token) -> token.jwtDecoder(decoder))
				.bearerTokenConverter(new BearerTokenConverter())
				.authenticationEntryPoint(unauthorized)
				.accessDeniedHandler(forbidden))
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
			.build();
	}

	private static ServerAuthenticationEntryPoint unauthorized() {
		return (exchange, failure) -> {
			exchange.getResponse()
				.getHeaders()
				.set(HttpHeaders.WWW_AUTHENTICATE, (failure instanceof OAuth2AuthenticationException)
						? "Bearer error=\"invalid_token\"" : "Bearer");
			return GatewayProblems.write(exchange, GatewayProblems.problem(exchange, HttpStatus.UNAUTHORIZED,
					"Unauthorized", "A valid access token is required."));
		};
	}

	private static ServerAccessDeniedHandler forbidden() {
		return (exchange, denied) -> Mono.defer(() -> GatewayProblems.write(exchange, GatewayProblems.problem(exchange,
				HttpStatus.FORBIDDEN, "Forbidden", "Your role does not allow this action.")));
	}

}
