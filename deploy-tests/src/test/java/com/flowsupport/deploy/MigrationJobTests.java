package com.flowsupport.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static com.flowsupport.deploy.Manifest.asList;
import static com.flowsupport.deploy.Manifest.asValues;
import static com.flowsupport.deploy.Manifest.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migrations run once per release: a Job per service that owns a schema, started with
 * {@code flowsupport.db.migrate-only}, before the Deployments roll; the pods then skip
 * Flyway. By default the Jobs are Helm hooks, which {@code helm template} (helm-java)
 * keeps out of the release's manifest like Helm itself does; their content is read from
 * the rendering as ordinary objects ({@code migrations.helmHook=false}), which differs
 * from the hooks only in their name and the hook annotations.
 */
class MigrationJobTests {

	private static final Map<String, Object> AS_OBJECTS = Map.of("migrations.helmHook", false);

	static Stream<Path> ciValues() {
		return Chart.ciValuesFiles().stream();
	}

	@ParameterizedTest
	@MethodSource("ciValues")
	void theJobsAreHooksAndThePodsNoLongerMigrate(Path values) {
		List<Manifest> manifests = Chart.render(values);
		assertThat(jobs(manifests)).as("hooks are not part of the release's manifest").isEmpty();
		for (Manifest deployment : WorkloadTests.deployments(values)) {
			Map<String, Object> config = configOf(manifests, deployment);
			if (deployment.component().equals("gateway")) {
				assertThat(config).doesNotContainKey("SPRING_FLYWAY_ENABLED");
			}
			else {
				assertThat(config).as(deployment.name()).containsEntry("SPRING_FLYWAY_ENABLED", "false");
			}
		}
	}

	@ParameterizedTest
	@MethodSource("ciValues")
	void everyServiceWithASchemaHasAMigrationJobRunningItsOwnImage(Path values) {
		List<Manifest> manifests = Chart.render(values, AS_OBJECTS);
		for (Manifest deployment : manifests.stream().filter((m) -> m.is("Deployment")).toList()) {
			Optional<Manifest> job = migrationJob(manifests, deployment.component());
			if (deployment.component().equals("gateway")) {
				assertThat(job).as("the gateway owns no schema").isEmpty();
				continue;
			}
			assertThat(job).as(deployment.name()).isPresent();
			Map<String, Object> container = WorkloadTests.container(job.get());
			assertThat(asValues(container.get("args"))).containsExactly("--flowsupport.db.migrate-only=true");
			assertThat(container.get("image")).as("the service's own image")
				.isEqualTo(WorkloadTests.container(deployment).get("image"));
			assertThat(job.get().get("spec.template.spec.restartPolicy")).isEqualTo("Never");
			assertThat(job.get().name()).startsWith(deployment.name() + "-migrate-");
			// Its pod is none of the Deployment's: not selected by its Service, budget or
			// policy.
			assertThat(job.get().map("spec.template.metadata.labels"))
				.doesNotContainEntry("app.kubernetes.io/component", deployment.component());
		}
	}

	@ParameterizedTest
	@MethodSource("ciValues")
	void migrationJobsRunLockedDownAndTakeSecretsFromSecrets(Path values) {
		for (Manifest job : jobs(Chart.render(values, AS_OBJECTS))) {
			Map<String, Object> pod = job.map("spec.template.spec");
			assertThat(at(pod, "securityContext.runAsNonRoot")).as(job.name()).isEqualTo(true);
			assertThat(pod.get("automountServiceAccountToken")).as(job.name()).isEqualTo(false);
			Map<String, Object> container = WorkloadTests.container(job);
			assertThat(at(container, "securityContext.readOnlyRootFilesystem")).as(job.name()).isEqualTo(true);
			assertThat(at(container, "securityContext.allowPrivilegeEscalation")).as(job.name()).isEqualTo(false);
			assertThat(at(container, "resources.limits.memory")).as(job.name()).isNotNull();
			for (Map<String, Object> env : asList(container.get("env"))) {
				String name = String.valueOf(env.get("name"));
				if (name.contains("PASSWORD") || name.contains("MASTER_KEY")) {
					assertThat(env).as(job.name() + " " + name).doesNotContainKey("value").containsKey("valueFrom");
				}
			}
		}
	}

	@Test
	void theAdministratorsPasswordGoesToTheJobsOnlyWhenTheyBootstrap() {
		Path supabase = Chart.DIRECTORY.resolve("ci/supabase-values.yaml");
		List<Manifest> manifests = Chart.render(supabase, AS_OBJECTS);
		assertThat(jobs(manifests)).isNotEmpty()
			.allSatisfy((job) -> assertThat(envNames(WorkloadTests.container(job)))
				.contains("FLOWSUPPORT_DB_BOOTSTRAP_ADMINPASSWORD", "FLOWSUPPORT_DB_BOOTSTRAP_ENABLED"));
		for (Manifest deployment : manifests.stream().filter((m) -> m.is("Deployment")).toList()) {
			assertThat(envNames(WorkloadTests.container(deployment))).as(deployment.name())
				.doesNotContain("FLOWSUPPORT_DB_BOOTSTRAP_ADMINPASSWORD");
			assertThat(configOf(manifests, deployment)).as(deployment.name())
				.doesNotContainKey("FLOWSUPPORT_DB_BOOTSTRAP_ENABLED");
		}
	}

	@Test
	void withoutTheJobsEveryPodMigratesAtStartup() {
		List<Manifest> manifests = Chart.render(
				Map.of("migrations.enabled", false, "migrations.helmHook", false, "database.bootstrap.enabled", true));
		assertThat(jobs(manifests)).isEmpty();
		for (Manifest deployment : manifests.stream().filter((m) -> m.is("Deployment")).toList()) {
			assertThat(configOf(manifests, deployment)).as(deployment.name())
				.doesNotContainKey("SPRING_FLYWAY_ENABLED");
			if (!deployment.component().equals("gateway")) {
				assertThat(envNames(WorkloadTests.container(deployment))).as(deployment.name())
					.contains("FLOWSUPPORT_DB_BOOTSTRAP_ADMINPASSWORD");
			}
		}
	}

	@Test
	void externalSecretsAreHooksBeforeTheJobsThatReadThemAndNeverDeleteTheirSecret() {
		Path production = Chart.DIRECTORY.resolve("ci/production-values.yaml");
		assertThat(Chart.render(production)).as("hooks are not part of the release's manifest")
			.noneMatch((manifest) -> manifest.is("ExternalSecret"));
		assertThat(Chart.render(production, AS_OBJECTS)).filteredOn((manifest) -> manifest.is("ExternalSecret"))
			.isNotEmpty()
			.allSatisfy((externalSecret) -> assertThat(externalSecret.string("spec.target.creationPolicy"))
				.isEqualTo("Owner"));
	}

	private static List<Manifest> jobs(List<Manifest> manifests) {
		return manifests.stream().filter((m) -> m.is("Job")).toList();
	}

	private static Optional<Manifest> migrationJob(List<Manifest> manifests, String component) {
		return jobs(manifests).stream().filter((job) -> (component + "-migration").equals(job.component())).findFirst();
	}

	private static Map<String, Object> configOf(List<Manifest> manifests, Manifest deployment) {
		return manifests.stream()
			.filter((m) -> m.is("ConfigMap") && m.name().equals(deployment.name()))
			.findFirst()
			.orElseThrow()
			.map("data");
	}

	private static List<Object> envNames(Map<String, Object> container) {
		return asList(container.get("env")).stream().map((env) -> env.get("name")).toList();
	}

}
