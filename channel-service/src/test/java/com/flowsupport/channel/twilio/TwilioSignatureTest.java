package com.flowsupport.channel.twilio;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TwilioSignatureTest {

	/** The worked example of Twilio's security documentation. */
	private static final Map<String, List<String>> DOCUMENTED_PARAMS = Map.of("CallSid", List.of("CA1234567890ABCDE"),
			"Caller", List.of("+14158675309"), "Digits", List.of("1234"), "From", List.of("+14158675309"), "To",
			List.of("+18005551212"));

	private static final String DOCUMENTED_URL = "https://mycompany.com/myapp.php?foo=1&bar=2";

	@Test
	void matchesTheExampleInTwiliosSecurityDocumentation() {
		assertThat(TwilioSignature.compute("12345", DOCUMENTED_URL, DOCUMENTED_PARAMS))
			.isEqualTo("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
		assertThat(TwilioSignature.valid("12345", DOCUMENTED_URL, DOCUMENTED_PARAMS, "RSOYDt4T1cUTdK1PDd93/VVr8B8="))
			.isTrue();
	}

	@Test
	void anyChangeToUrlParametersOrTokenBreaksIt() {
		String signature = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";
		assertThat(TwilioSignature.valid("12345", "http://mycompany.com/myapp.php?foo=1&bar=2", DOCUMENTED_PARAMS,
				signature))
			.isFalse();
		assertThat(TwilioSignature.valid("54321", DOCUMENTED_URL, DOCUMENTED_PARAMS, signature)).isFalse();
		assertThat(TwilioSignature.valid("12345", DOCUMENTED_URL, Map.of("Digits", List.of("1234")), signature))
			.isFalse();
		assertThat(TwilioSignature.valid("12345", DOCUMENTED_URL, DOCUMENTED_PARAMS, null)).isFalse();
	}

}
