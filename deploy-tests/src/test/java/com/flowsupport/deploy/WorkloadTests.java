package com.flowsupport.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static com.flowsupport.deploy.Manifest.asList;
import static com.flowsupport.deploy.Manifest.asMap;
import static com.flowsupport.deploy.Manifest.asValues;
import static com.flowsupport.deploy.Manifest.at;
import static org.assertj.core.api.Assertions.assertThat;

/** What every Deployment must have, in every configuration CI renders. */
class WorkloadTests {

	static Stream<Path> ciValues() {
		return Chart.ciValuesFiles().stream();
	}

	@ParameterizedTest
	@MethodSource("ciValues")
	void everyDeploymentProbesTheManagementPort(Path values) {
		for (Manifest deployment : deployments(values)) {
			Map<String, Object> container = container(deployment);
			assertThat(at(container, "startupProbe.httpGet.path")).as(deployment.name())
				.isEqualTo("/actuator/health/liveness");
			assertThat(at(container, "livenessProbe.httpGet.path")).as(deployment.name())
				.isEqualTo("/actuator/health/liveness");
			assertThat(at(container, "readinessProbe.httpGet.path")).as(deployment.name())
				.isEqualTo("/actuator/health/readiness");
			for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
				assertThat(at(container, probe + ".httpGet.port")).as(deployment.name() + " " + probe)
					.isEqualTo("management");
			}
		}
	}

	@ParameterizedTest
	@MethodSource("ciValues")
	void everyDeploymentHasRequestsAndAMemoryLimit(Path values) {
		for (Manifest deployment : deployments(values)) {
			Map<String, Object> resources = asMap(container(deployment).get("resources"));
			assertThat(asMap(resources.get("requests"))).as(deployment.name()).containsKeys("cpu", "memory");
			assertThat(asMap(resources.get("limits"))).as(deployment.name()).containsKey("memory");
		}
	}

	@ParameterizedTest
	@MethodSource("ciValues")
	void everyDeploymentRunsLockedDown(Path values) {
		for (Manifest deployment : deployments(values)) {
			Map<String, Object> pod = deployment.map("spec.template.spec");
			assertThat(at(pod, "securityContext.runAsNonRoot")).as(deployment.name()).isEqualTo(true);
			assertThat(at(pod, "securityContext.seccompProfile.type")).as(deployment.name())
				.isEqualTo("RuntimeDefault");
			assertThat(pod.get("automountServiceAccountToken")).as(deployment.name()).isEqualTo(false);

			Map<String, Object> container = container(deployment);
			assertThat(at(container, "securityContext.allowPrivilegeEscalation")).as(deployment.name())
				.isEqualTo(false);
			assertThat(at(container, "securityContext.readOnlyRootFilesystem")).as(deployment.name()).isEqualTo(true);
			assertThat(asValues(at(container, "securityContext.capabilities.drop"))).as(deployment.name())
				.containsExactly("ALL");

			// A read-only root file system still needs a writable /tmp.
			assertThat(asList(container.get("volumeMounts"))).as(deployment.name())
				.anySatisfy(
						(mount) -> assertThat(mount).containsEntry("mountPath", "/tmp").containsEntry("name", "tmp"));
			assertThat(asList(pod.get("volumes"))).as(deployment.name())
				.anySatisfy((volume) -> assertThat(volume).containsEntry("name", "tmp").containsKey("emptyDir"));
		}
	}

	@ParameterizedTest
	@MethodSource("ciValues")
	void everyDeploymentDrainsGracefullyAndSpreads(Path values) {
		for (Manifest deployment : deployments(values)) {
			Map<String, Object> pod = deployment.map("spec.template.spec");
			int preStopSleep = (Integer) at(container(deployment), "lifecycle.preStop.sleep.seconds");
			// Spring Boot drains for up to 20 s once the preStop sleep is over.
			assertThat((Integer) pod.get("terminationGracePeriodSeconds")).as(deployment.name())
				.isGreaterThan(preStopSleep + 20);
			assertThat(asList(pod.get("topologySpreadConstraints"))).as(deployment.name())
				.isNotEmpty()
				.allSatisfy((constraint) -> assertThat(at(constraint, "labelSelector.matchLabels"))
					.isEqualTo(deployment.map("spec.selector.matchLabels")));
		}
	}

	@ParameterizedTest
	@MethodSource("ciValues")
	void everyDeploymentHasItsServiceAccountServiceAndDisruptionBudget(Path values) {
		List<Manifest> manifests = Chart.render(values);
		for (Manifest deployment : deployments(values)) {
			String account = deployment.string("spec.template.spec.serviceAccountName");
			assertThat(manifests).as(deployment.name())
				.anyMatch((m) -> m.is("ServiceAccount") && m.name().equals(account))
				.anyMatch((m) -> m.is("Service") && m.name().equals(deployment.name()))
				.anyMatch((m) -> m.is("PodDisruptionBudget")
						&& m.map("spec.selector.matchLabels").equals(deployment.map("spec.selector.matchLabels")));
		}
	}

	@ParameterizedTest
	@MethodSource("ciValues")
	void theChartHoldsNoSecrets(Path values) {
		assertThat(Chart.render(values)).noneMatch((manifest) -> manifest.is("Secret"));
		for (Manifest deployment : deployments(values)) {
			for (Map<String, Object> env : asList(container(deployment).get("env"))) {
				assertThat(env).as(deployment.name() + " " + env.get("name")).doesNotContainKey("value");
			}
		}
	}

	static List<Manifest> deployments(Path values) {
		List<Manifest> deployments = Chart.render(values).stream().filter((m) -> m.is("Deployment")).toList();
		assertThat(deployments).isNotEmpty();
		return deployments;
	}

	static Map<String, Object> container(Manifest deployment) {
		List<Map<String, Object>> containers = deployment.list("spec.template.spec.containers");
		assertThat(containers).as(deployment.name()).hasSize(1);
		return containers.get(0);
	}

}
