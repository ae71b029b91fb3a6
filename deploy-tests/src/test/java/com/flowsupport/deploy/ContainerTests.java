package com.flowsupport.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import static com.flowsupport.deploy.Manifest.asMap;
import static com.flowsupport.deploy.Manifest.asValues;
import static com.flowsupport.deploy.Manifest.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml and the Dockerfile, read as text: no Docker engine runs here to
 * build or start them.
 */
class ContainerTests {

	private static final Set<String> SERVICES = Set.of("gateway-service", "identity-service", "ticket-service",
			"kb-service", "ai-rag-service", "channel-service");

	private static final Pattern PINNED_IMAGE = Pattern.compile("[a-z0-9./-]+:[0-9][\\w.-]*");

	private final Map<String, Object> compose = asMap(
			new Yaml(new LoaderOptions()).load(read(Chart.ROOT.resolve("docker-compose.yml"))));

	private final Map<String, Object> services = asMap(this.compose.get("services"));

	@Test
	void composeBuildsEveryServiceFromTheDockerfile() {
		Set<String> built = this.services.entrySet()
			.stream()
			.filter((service) -> asMap(service.getValue()).containsKey("build"))
			.map(Map.Entry::getKey)
			.collect(Collectors.toSet());
		assertThat(built).isEqualTo(SERVICES);
		for (String name : built) {
			Object service = this.services.get(name);
			assertThat(at(service, "build.dockerfile")).as(name).isEqualTo("deploy/docker/Dockerfile");
			assertThat(at(service, "build.args.SERVICE")).as(name).isEqualTo(name);
			assertThat(Chart.ROOT.resolve(name).resolve("pom.xml")).as(name).exists();
		}
	}

	@Test
	void composePublishesOnlyTheGatewayOfTheServices() {
		for (String name : SERVICES) {
			assertThat(asMap(this.services.get(name)).containsKey("ports")).as(name)
				.isEqualTo(name.equals("gateway-service"));
		}
		assertThat(asValues(at(this.services.get("gateway-service"), "ports")))
			.containsExactly("${GATEWAY_PORT:-8080}:8080");
	}

	@Test
	void composeStartsEachServiceOnceWhatItNeedsIsHealthy() {
		for (String name : SERVICES) {
			Object service = this.services.get(name);
			assertThat(asValues(at(service, "healthcheck.test"))).as(name).isNotEmpty();
			assertThat(at(service, "read_only")).as(name).isEqualTo(true);
			assertThat(asValues(at(service, "cap_drop"))).as(name).containsExactly("ALL");
			Map<String, Object> dependsOn = asMap(at(service, "depends_on"));
			assertThat(dependsOn).as(name).containsKey("redis");
			dependsOn.forEach(
					(dependency, condition) -> assertThat(at(condition, "condition")).as(name + " on " + dependency)
						.isIn("service_healthy", "service_completed_successfully"));
			// The healthcheck probes the port the service is told to manage on.
			assertThat(at(service, "environment.MANAGEMENT_SERVER_PORT")).as(name).isNotNull();
		}
		assertThat(asMap(at(this.services.get("gateway-service"), "depends_on"))).containsKeys("identity-service",
				"ticket-service", "kb-service", "ai-rag-service", "channel-service");
	}

	@Test
	void composeImagesArePinnedByVersion() {
		this.services.forEach((name, service) -> {
			Object image = at(service, "image");
			if (!asMap(service).containsKey("build")) {
				assertThat((String) image).as(name).matches(PINNED_IMAGE);
			}
		});
	}

	@Test
	void dockerfileRunsALayeredJarOnAPinnedJreAsANonRootUser() {
		String dockerfile = read(Chart.ROOT.resolve("deploy/docker/Dockerfile"));
		List<String> lines = dockerfile.lines().map(String::strip).toList();

		assertThat(lines).filteredOn((line) -> line.startsWith("ARG JRE_IMAGE=") || line.startsWith("ARG JDK_IMAGE="))
			.hasSize(2)
			.allSatisfy((line) -> assertThat(line.substring(line.indexOf('=') + 1)).matches(PINNED_IMAGE));
		assertThat(dockerfile).contains("-Djarmode=tools").contains("extract").contains("--layers");
		for (String layer : List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application")) {
			assertThat(lines).as(layer).contains("COPY --from=build /layers/" + layer + "/ ./");
		}
		String user = lines.stream().filter((line) -> line.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
		assertThat(user).matches("USER [1-9][0-9]{3,}:[1-9][0-9]{3,}");
		// The shell hands over to the JVM (PID 1, gets SIGTERM), whose defaults JAVA_OPTS
		// can override.
		assertThat(lines.getLast()).startsWith("ENTRYPOINT [\"sh\", \"-c\", \"exec java ")
			.containsSubsequence("-XX:MaxRAMPercentage=", "${JAVA_OPTS:-}", "-jar application.jar");
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
