package com.flowsupport.shared.security;

import java.util.List;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.SecurityFilterChain;

import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.CallerIdentity;

/**
 * Every servlet service validates the caller's access token itself (DESIGN §1), so it
 * stays safe when reached without the gateway. Tokens must be RS256, signed by a key in
 * identity-service's JWKS, for our issuer and audience, current, and carry a tenant and
 * an app role; the app role becomes the authority {@code ROLE_<APP_ROLE>}.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ HttpSecurity.class, NimbusJwtDecoder.class, EndpointRequest.class })
@ConditionalOnProperty("flowsupport.security.jwt.jwk-set-uri")
@EnableConfigurationProperties(JwtProperties.class)
public class ResourceServerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	JwtDecoder jwtDecoder(JwtProperties properties) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri())
			.jwsAlgorithm(SignatureAlgorithm.RS256)
			.build();
		decoder.setJwtValidator(AccessTokenValidators.of(properties));
		return decoder;
	}

	@Bean
	@ConditionalOnMissingBean(SecurityFilterChain.class)
	SecurityFilterChain resourceServerFilterChain(HttpSecurity http, JwtProperties properties, JwtDecoder decoder)
			throws Exception {
		String[] publicPaths = properties.publicPaths().toArray(String[]::new);
		http.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.authorizeHttpRequests((requests) -> requests
				// Actuator runs on the management port only, which the gateway never
				// exposes.
				.requestMatchers(EndpointRequest.toAnyEndpoint())
				.permitAll()
				// The API's own description is public, as it is through the gateway.
				.requestMatchers("/v3/api-docs", "/v3/api-docs/**")
				.permitAll()
				.requestMatchers(publicPaths)
				.permitAll()
				.requestMatchers("/error")
				.permitAll()
				.anyRequest()
				.authenticated())
			.oauth2ResourceServer((server) -> server
				.jwt((jwt) -> jwt.decoder(decoder).jwtAuthenticationConverter(appRoleAuthorities()))
				.authenticationEntryPoint(ProblemAuthenticationHandlers.entryPoint())
				.accessDeniedHandler(ProblemAuthenticationHandlers.accessDeniedHandler()))
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(ProblemAuthenticationHandlers.entryPoint())
						.accessDeniedHandler(ProblemAuthenticationHandlers.accessDeniedHandler()));
		return http.build();
	}

	static Converter<Jwt, AbstractAuthenticationToken> appRoleAuthorities() {
		return (jwt) -> {
			AppRole role = AppRole.fromClaim(jwt.getClaimAsString(CallerIdentity.APP_ROLE));
			return new JwtAuthenticationToken(jwt, List.of(new SimpleGrantedAuthority("ROLE_" + role.name())),
					jwt.getSubject());
		};
	}

}
