package com.flowsupport.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static com.flowsupport.deploy.Manifest.asList;
import static com.flowsupport.deploy.Manifest.asMap;
import static com.flowsupport.deploy.Manifest.asValues;
import static com.flowsupport.deploy.Manifest.at;
import static org.assertj.core.api.Assertions.assertThat;

/** Only the gateway is reachable from outside the cluster. */
class ExposureTests {

	private static final String GATEWAY = Chart.RELEASE + "-flowsupport-gateway";

	static Stream<Path> ciValues() {
		return Chart.ciValuesFiles().stream();
	}

	@ParameterizedTest
	@MethodSource("ciValues")
	void ingressesRouteToTheGatewayOnly(Path values) {
		for (Manifest ingress : of(values, "Ingress")) {
			assertThat(ingress.string("spec.defaultBackend.service.name")).isNull();
			for (Map<String, Object> rule : ingress.list("spec.rules")) {
				assertThat(asList(at(rule, "http.paths"))).isNotEmpty()
					.allSatisfy((path) -> assertThat(at(path, "backend.service.name")).isEqualTo(GATEWAY));
			}
		}
	}

	@ParameterizedTest
	@MethodSource("ciValues")
	void servicesAreClusterInternal(Path values) {
		assertThat(of(values, "Service")).isNotEmpty()
			.allSatisfy((service) -> assertThat(service.string("spec.type")).as(service.name()).isEqualTo("ClusterIP"));
	}

	@ParameterizedTest
	@MethodSource("ciValues")
	void networkPoliciesOpenOnlyTheGatewayToTheOutside(Path values) {
		List<Manifest> policies = of(values, "NetworkPolicy");
		Set<String> components = of(values, "Deployment").stream().map(Manifest::component).collect(Collectors.toSet());
		assertThat(policies.stream().map(Manifest::component).collect(Collectors.toSet())).isEqualTo(components);

		for (Manifest policy : policies) {
			assertThat(asValues(policy.get("spec.policyTypes"))).as(policy.name()).contains("Ingress");
			for (Map<String, Object> rule : policy.list("spec.ingress")) {
				List<Map<String, Object>> from = asList(rule.get("from"));
				Set<Object> ports = asList(rule.get("ports")).stream()
					.map((port) -> port.get("port"))
					.collect(Collectors.toSet());
				if (policy.component().equals("gateway")) {
					continue;
				}
				// A service's HTTP port admits pods of this release, and nothing else.
				assertThat(from).as(policy.name() + " " + ports).isNotEmpty();
				if (ports.contains("http")) {
					assertThat(from).as(policy.name()).allSatisfy((peer) -> {
						assertThat(peer).containsOnlyKeys("podSelector");
						Map<String, Object> labels = asMap(at(peer, "podSelector.matchLabels"));
						assertThat(labels).containsEntry("app.kubernetes.io/instance", Chart.RELEASE);
						assertThat(components).contains((String) labels.get("app.kubernetes.io/component"));
					});
				}
				else {
					assertThat(ports).as(policy.name()).containsExactly("management");
					assertThat(from).allSatisfy((peer) -> assertThat(peer).containsKey("namespaceSelector"));
				}
			}
		}
	}

	@ParameterizedTest
	@MethodSource("ciValues")
	void onlyTheGatewayAcceptsAnySource(Path values) {
		for (Manifest policy : of(values, "NetworkPolicy")) {
			boolean openToAnyone = policy.list("spec.ingress").stream().anyMatch((rule) -> !rule.containsKey("from"));
			assertThat(openToAnyone).as(policy.name()).isEqualTo(policy.component().equals("gateway"));
		}
	}

	private static List<Manifest> of(Path values, String kind) {
		return Chart.render(values).stream().filter((manifest) -> manifest.is(kind)).toList();
	}

}
