package com.flowsupport.identity.token;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import com.flowsupport.shared.security.AccessTokenValidators;
import com.flowsupport.shared.security.JwtProperties;

/**
 * identity-service verifies tokens against its own published keys in-process, with the
 * same rules as every other service (RS256 only, {@link AccessTokenValidators}).
 */
@Configuration(proxyBeanMethods = false)
class LocalJwtDecoderConfiguration {

	@Bean
	JwtDecoder jwtDecoder(SigningKeys keys, JwtProperties properties) {
		JWKSource<SecurityContext> published = (selector, context) -> selector.select(new JWKSet(keys.published()));
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, published));
		// Claims are checked by Spring's validators below, exactly as in the other
		// services.
		processor.setJWTClaimsSetVerifier((claims, context) -> {
		});
		NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
		decoder.setJwtValidator(AccessTokenValidators.of(properties));
		return decoder;
	}

}
