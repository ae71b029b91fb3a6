package com.flowsupport.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static com.flowsupport.deploy.Manifest.asList;
import static com.flowsupport.deploy.Manifest.asMap;
import static com.flowsupport.deploy.Manifest.at;
import static org.assertj.core.api.Assertions.assertThat;

/** ci/production-values.yaml: what an EKS production release gets beyond the defaults. */
class ProductionValuesTests {

	private static final Path PRODUCTION = Chart.DIRECTORY.resolve("ci/production-values.yaml");

	private final List<Manifest> manifests = Chart.render(PRODUCTION);

	@Test
	void autoscaledDeploymentsLeaveTheReplicaCountToTheirAutoscaler() {
		for (Manifest deployment : kind("Deployment")) {
			assertThat(deployment.get("spec.replicas")).as(deployment.name()).isNull();
			assertThat(kind("HorizontalPodAutoscaler")).as(deployment.name())
				.anyMatch((hpa) -> deployment.name().equals(hpa.string("spec.scaleTargetRef.name"))
						&& (Integer) hpa.get("spec.minReplicas") >= 2);
		}
	}

	@Test
	void eachServiceAccountCarriesItsIamRole() {
		Manifest kb = kind("ServiceAccount").stream()
			.filter((sa) -> "kb".equals(sa.component()))
			.findFirst()
			.orElseThrow();
		assertThat(kb.map("metadata.annotations")).containsEntry("eks.amazonaws.com/role-arn",
				"arn:aws:iam::123456789012:role/flowsupport-kb");
	}

	@Test
	void postgresIsReachedOverVerifiedTlsWithTheMountedCaBundle() {
		Manifest config = kind("ConfigMap").stream()
			.filter((map) -> map.name().equals(Chart.RELEASE + "-flowsupport-config"))
			.findFirst()
			.orElseThrow();
		assertThat(config.string("data.FLOWSUPPORT_DB_URL")).contains("sslmode=verify-full")
			.contains("sslrootcert=/etc/flowsupport/database-ca/global-bundle.pem");
		// The Redis URL holds the auth token, so it comes from a Secret, not the
		// ConfigMap.
		assertThat(config.map("data")).doesNotContainKey("FLOWSUPPORT_REDIS_URL");

		for (Manifest deployment : kind("Deployment")) {
			if (deployment.component().equals("gateway")) {
				continue;
			}
			assertThat(deployment.list("spec.template.spec.volumes")).as(deployment.name())
				.anySatisfy((volume) -> assertThat(at(volume, "configMap.name")).isEqualTo("rds-ca-bundle"));
		}
	}

	@Test
	void externalSecretsCreateEverySecretTheDeploymentsAndMigrationJobsReference() {
		// Rendered as ordinary objects: as Helm hooks they are not part of the manifest.
		List<Manifest> rendered = Chart.render(PRODUCTION, Map.of("migrations.helmHook", false));
		Set<String> created = rendered.stream()
			.filter((manifest) -> manifest.is("ExternalSecret"))
			.map((secret) -> secret.string("spec.target.name"))
			.collect(Collectors.toSet());
		Set<String> referenced = rendered.stream()
			.filter((manifest) -> manifest.is("Deployment") || manifest.is("Job"))
			.flatMap((workload) -> Stream.concat(
					asList(at(WorkloadTests.container(workload), "env")).stream()
						.map((env) -> (String) at(env, "valueFrom.secretKeyRef.name")),
					workload.list("spec.template.spec.volumes")
						.stream()
						.map((volume) -> (String) at(volume, "secret.secretName"))))
			.filter((name) -> name != null && !name.equals("flowsupport-llm"))
			.collect(Collectors.toSet());
		assertThat(referenced).isNotEmpty();
		assertThat(created).containsAll(referenced);
	}

	@Test
	void everyServiceIsScrapedOnItsManagementPort() {
		assertThat(kind("ServiceMonitor")).hasSameSizeAs(kind("Deployment"))
			.allSatisfy((monitor) -> assertThat(monitor.list("spec.endpoints")).singleElement()
				.satisfies((endpoint) -> assertThat(endpoint).containsEntry("port", "management")
					.containsEntry("path", "/actuator/prometheus")));
	}

	@Test
	void alertsCoverErrorsLatencyEventsAndSlas() {
		Manifest rule = kind("PrometheusRule").getFirst();
		Map<String, String> expressions = rule.list("spec.groups")
			.stream()
			.flatMap((group) -> asList(group.get("rules")).stream())
			.collect(Collectors.toMap((r) -> (String) r.get("alert"), (r) -> (String) r.get("expr")));
		assertThat(expressions).containsOnlyKeys("FlowSupportHighErrorRate", "FlowSupportHighLatencyP99",
				"FlowSupportEventConsumerLag", "FlowSupportDeadLettersGrowing", "FlowSupportSlaBreaches");
		assertThat(expressions.get("FlowSupportHighErrorRate")).contains("status=~\"5..\"");
		assertThat(expressions.get("FlowSupportHighLatencyP99")).contains("histogram_quantile(0.99");
		assertThat(expressions.get("FlowSupportEventConsumerLag")).contains("flowsupport_events_consumer_lag");
		assertThat(expressions.get("FlowSupportDeadLettersGrowing")).contains("flowsupport_events_dead_letter_size");
		assertThat(expressions.values()).allSatisfy((expr) -> assertThat(expr).contains("namespace=\"support\""));
		// p99 needs the histogram buckets, which the services publish only when asked.
		assertThat(asMap(kind("ConfigMap").stream()
			.filter((map) -> map.name().equals(Chart.RELEASE + "-flowsupport-config"))
			.findFirst()
			.orElseThrow()
			.get("data")))
			.containsEntry("MANAGEMENT_METRICS_DISTRIBUTION_PERCENTILESHISTOGRAM_HTTP_SERVER_REQUESTS", "true");
	}

	@Test
	void theGatewaysLoadBalancerHealthCheckReachesOnlyTheGatewaysManagementPort() {
		Manifest ingress = kind("Ingress").getFirst();
		assertThat(ingress.map("metadata.annotations"))
			.containsEntry("alb.ingress.kubernetes.io/healthcheck-port", "9080")
			.containsEntry("alb.ingress.kubernetes.io/target-type", "ip");
		Manifest gatewayPolicy = kind("NetworkPolicy").stream()
			.filter((policy) -> policy.component().equals("gateway"))
			.findFirst()
			.orElseThrow();
		assertThat(gatewayPolicy.list("spec.ingress")).anySatisfy((rule) -> {
			assertThat(asList(rule.get("ports"))).extracting((port) -> port.get("port")).containsExactly("management");
			assertThat(asList(rule.get("from"))).extracting((peer) -> at(peer, "ipBlock.cidr"))
				.containsExactly("10.20.0.0/16");
		});
	}

	private List<Manifest> kind(String kind) {
		List<Manifest> found = this.manifests.stream().filter((manifest) -> manifest.is(kind)).toList();
		assertThat(found).as(kind).isNotEmpty();
		return found;
	}

}
