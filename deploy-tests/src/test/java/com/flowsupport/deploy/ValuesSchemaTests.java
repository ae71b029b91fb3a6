package com.flowsupport.deploy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** values.schema.json turns a bad value into a failed install, naming it. */
class ValuesSchemaTests {

	static Stream<Arguments> badValues() {
		return Stream.of(
				Arguments.of("a negative replica count", Map.of("components.ticket.replicas", -1),
						"/components/ticket/replicas"),
				Arguments.of("a misspelt component setting", Map.of("components.ticket.replica", 3),
						"additional properties 'replica' not allowed"),
				Arguments.of("an unknown top-level key", Map.of("databse.host", "db"),
						"additional properties 'databse' not allowed"),
				Arguments.of("an unknown component", Map.of("components.billing.port", 8090),
						"additional properties 'billing' not allowed"),
				Arguments.of("no database Secret", Map.of("secrets.database.name", "null"), "/secrets/database"),
				Arguments.of("an empty master key Secret name", Map.of("secrets.cryptoMasterKey.name", ""),
						"/secrets/cryptoMasterKey/name"),
				Arguments.of("an unknown TLS mode", Map.of("database.sslMode", "verify"), "/database/sslMode"),
				Arguments.of("a Redis URL that is not Redis", Map.of("redis.url", "http://redis:6379"), "/redis/url"),
				Arguments.of("credentials in the Redis URL value", Map.of("redis.url", "rediss://:token@redis:6379"),
						"/redis/url"),
				Arguments.of("a port out of range", Map.of("components.kb.managementPort", 70000),
						"/components/kb/managementPort"),
				Arguments.of("a container that may escalate privileges",
						Map.of("default.securityContext.allowPrivilegeEscalation", true),
						"/default/securityContext/allowPrivilegeEscalation"),
				Arguments.of("a memory limit removed from the defaults", Map.of("default.resources.limits", "null"),
						"/default/resources"),
				Arguments.of("an Ingress without hosts", Map.of("ingress.enabled", true, "ingress.hosts", "null"),
						"/ingress"),
				Arguments.of("a caller that is not a component", Map.of("components.kb.calledBy[0]", "billing"),
						"/components/kb/calledBy/0"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badValues")
	void rejects(String what, Map<String, Object> overrides, String expectedInMessage) {
		assertThatIllegalStateException().isThrownBy(() -> Chart.render(new LinkedHashMap<>(overrides)))
			.withMessageContaining("values don't meet the specifications of the schema")
			.withMessageContaining(expectedInMessage);
	}

	@Test
	void rejectsAutoscalingWhoseMinimumExceedsItsMaximum() {
		assertThatIllegalStateException()
			.isThrownBy(() -> Chart.render(Map.of("components.kb.autoscaling.enabled", true,
					"components.kb.autoscaling.minReplicas", 5, "components.kb.autoscaling.maxReplicas", 2)))
			.withMessageContaining("components.kb.autoscaling: minReplicas is above maxReplicas");
	}

	@Test
	void acceptsAComponentSwitchedOff() {
		assertThat(Chart.render(Map.of("components.channel.enabled", false)))
			.noneMatch((manifest) -> "channel".equals(manifest.component()))
			.anyMatch((manifest) -> manifest.is("Deployment") && "ticket".equals(manifest.component()));
	}

}
