package com.flowsupport.shared.crypto;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/** A {@link SecretCipher} for services given {@code flowsupport.crypto.master-key}. */
@AutoConfiguration
@ConditionalOnProperty("flowsupport.crypto.master-key")
public class CryptoAutoConfiguration {

	@Bean
	SecretCipher secretCipher(@Value("${flowsupport.crypto.master-key}") String masterKey) {
		return SecretCipher.fromBase64(masterKey);
	}

}
