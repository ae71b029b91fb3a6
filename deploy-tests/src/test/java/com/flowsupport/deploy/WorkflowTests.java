package com.flowsupport.deploy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import static com.flowsupport.deploy.Manifest.asList;
import static com.flowsupport.deploy.Manifest.asMap;
import static com.flowsupport.deploy.Manifest.asValues;
import static com.flowsupport.deploy.Manifest.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The GitHub Actions workflows (.github/), read as GitHub would: neither GitHub nor AWS
 * can be reached here to run them, so what they promise is checked in their text.
 */
class WorkflowTests {

	/** owner/repo[/path]@<40 hex>, then a comment naming the version: v4.2.2 or v4. */
	private static final Pattern PINNED = Pattern.compile("[\\w.-]+/[\\w./-]+@[0-9a-f]{40}");

	private static final Pattern USES_LINE = Pattern.compile("^\\s*(?:-\\s+)?uses:\\s*(\\S+)\\s*(?:#\\s*(\\S+).*)?$",
			Pattern.MULTILINE);

	private static final Pattern VERSION = Pattern.compile("v\\d+(?:\\.\\d+){0,2}");

	private static final Pattern CONTEXT_READ = Pattern.compile("\\$\\{\\{[^}]*?\\b(secrets|vars)\\.([A-Za-z0-9_]+)");

	private static final Pattern DOCUMENTED = Pattern.compile("^\\| `([A-Z][A-Z0-9_]*)` \\| ([^|]+) \\|",
			Pattern.MULTILINE);

	private static final String CONFIGURE_AWS = "aws-actions/configure-aws-credentials";

	private final Workflows ci = Workflows.workflow("ci.yml");

	private final Workflows release = Workflows.workflow("release.yml");

	private final Workflows deploy = Workflows.action("deploy");

	@Test
	void everyWorkflowAndActionParsesWithJobsOrStepsThatRun() {
		List<Workflows> files = Workflows.all();
		assertThat(files).extracting((file) -> file.path().toString())
			.contains(".github/workflows/ci.yml", ".github/workflows/release.yml", ".github/workflows/codeql.yml",
					".github/actions/deploy/action.yml");
		for (Workflows file : files) {
			if (file.isAction()) {
				assertThat(at(file.yaml(), "runs.using")).as(file.path().toString()).isEqualTo("composite");
			}
			else {
				assertThat(file.yaml()).as(file.path().toString()).containsKeys("name", "on", "permissions");
				assertThat(file.jobs()).as(file.path().toString()).isNotEmpty();
				file.jobs()
					.forEach(
							(id, job) -> assertThat(asMap(job).containsKey("runs-on") || asMap(job).containsKey("uses"))
								.as(file.path() + " job " + id + " runs somewhere or calls a workflow")
								.isTrue());
			}
			assertThat(file.steps()).as(file.path().toString())
				.isNotEmpty()
				.allSatisfy((step) -> assertThat(step.containsKey("uses") ^ step.containsKey("run"))
					.as(file.path() + ": a step either uses an action or runs a command: " + step)
					.isTrue());
		}
	}

	@Test
	void everyActionIsPinnedToACommitNamedByItsVersion() {
		Map<String, String> versionOfCommit = new HashMap<>();
		Map<String, String> commitOfAction = new HashMap<>();
		for (Workflows file : Workflows.all()) {
			Matcher line = USES_LINE.matcher(file.text());
			List<String> written = new ArrayList<>();
			while (line.find()) {
				String uses = line.group(1);
				written.add(uses);
				if (uses.startsWith("./")) {
					assertThat(Chart.ROOT.resolve(uses)).as(file.path() + ": " + uses).exists();
					continue;
				}
				assertThat(uses).as(file.path() + ": pinned to a full commit SHA").matches(PINNED);
				assertThat(line.group(2)).as(file.path() + ": " + uses + " says which version it is")
					.isNotNull()
					.matches(VERSION);
				String action = uses.substring(0, uses.indexOf('@'));
				String commit = uses.substring(uses.indexOf('@') + 1);
				String repository = String.join("/", List.of(action.split("/")).subList(0, 2));
				assertThat(versionOfCommit.putIfAbsent(commit, line.group(2)))
					.as(file.path() + ": " + uses + " is the same version everywhere")
					.isIn(null, line.group(2));
				assertThat(commitOfAction.putIfAbsent(repository, commit))
					.as(file.path() + ": every file uses the same commit of " + repository)
					.isIn(null, commit);
			}
			// Every uses: GitHub reads is one of the lines checked above.
			List<String> parsed = new ArrayList<>();
			file.steps()
				.stream()
				.map((step) -> step.get("uses"))
				.filter(String.class::isInstance)
				.forEach((uses) -> parsed.add((String) uses));
			if (!file.isAction()) {
				file.jobs()
					.values()
					.stream()
					.map((job) -> asMap(job).get("uses"))
					.filter(String.class::isInstance)
					.forEach((uses) -> parsed.add((String) uses));
			}
			assertThat(written).as(file.path().toString()).containsExactlyInAnyOrderElementsOf(parsed);
		}
		assertThat(commitOfAction).containsKeys("actions/checkout", "actions/setup-java", "actions/upload-artifact",
				"aws-actions/configure-aws-credentials", "aws-actions/amazon-ecr-login", "docker/build-push-action",
				"azure/setup-helm", "github/codeql-action");
	}

	@Test
	void ciRunsTheReadmesTestCommandAgainstTheServersTheTestsRead() {
		String command = readmeTestCommand();
		assertThat(command).as("the README's test command").startsWith("make ");
		Map<String, Object> test = this.ci.job("test");

		List<String> runs = Workflows.steps(test)
			.stream()
			.map((step) -> step.get("run"))
			.filter(String.class::isInstance)
			.map((run) -> ((String) run).strip())
			.toList();
		assertThat(runs).contains(command);
		assertThat(Workflows.stepsUsing(test, "actions/setup-java")).singleElement().satisfies((step) -> {
			assertThat(Integer.parseInt(String.valueOf(at(step, "with.java-version")))).isGreaterThanOrEqualTo(21);
			assertThat(at(step, "with.cache")).isEqualTo("maven");
		});

		// The same images docker-compose.yml (and so `make infra` with Docker) runs.
		Map<String, Object> compose = compose();
		assertThat(at(test, "services.postgres.image")).isEqualTo(at(compose, "services.postgres.image"));
		assertThat(at(test, "services.redis.image")).isEqualTo(at(compose, "services.redis.image"));
		assertThat(asValues(at(test, "services.postgres.ports"))).containsExactly("5432:5432");
		assertThat(asValues(at(test, "services.redis.ports"))).containsExactly("6379:6379");

		// Every variable the Makefile hands the test suite points at those containers.
		Map<String, Object> env = asMap(test.get("env"));
		Set<String> testVariables = new TreeSet<>();
		Matcher exported = Pattern.compile("^export (FLOWSUPPORT_TEST_\\w+)", Pattern.MULTILINE)
			.matcher(Workflows.read(Chart.ROOT.resolve("Makefile")));
		while (exported.find()) {
			testVariables.add(exported.group(1));
		}
		assertThat(testVariables).contains("FLOWSUPPORT_TEST_POSTGRES_URL", "FLOWSUPPORT_TEST_REDIS_URL");
		assertThat(env).containsKeys(testVariables.toArray(String[]::new));
		assertThat(env.get("FLOWSUPPORT_TEST_POSTGRES_URL")).isEqualTo("jdbc:postgresql://localhost:5432/postgres");
		assertThat(env.get("FLOWSUPPORT_TEST_REDIS_URL")).isEqualTo("redis://localhost:6379");
		assertThat(env).containsEntry("PGHOST", "localhost").containsEntry("REDIS_HOST", "localhost");
	}

	@Test
	void ciUploadsTheTestReportsEvenWhenTestsFail() {
		Map<String, Object> upload = Workflows.stepsUsing(this.ci.job("test"), "actions/upload-artifact").getFirst();
		assertThat(String.valueOf(upload.get("if"))).containsAnyOf("always()", "!cancelled()");
		assertThat((String) at(upload, "with.path")).contains("**/target/surefire-reports/")
			.contains("**/target/failsafe-reports/");
	}

	@Test
	void ciLintsAndRendersTheChartWithEveryCiValuesFile() {
		String commands = Workflows.steps(this.ci.job("chart"))
			.stream()
			.map((step) -> String.valueOf(step.get("run")))
			.collect(Collectors.joining("\n"));
		assertThat(commands).contains("helm lint --strict \"$CHART\"")
			.contains("for values in \"$CHART\"/ci/*-values.yaml")
			.contains("helm lint --strict \"$CHART\" --values \"$values\"")
			.contains("helm template ")
			.contains("--kube-version \"$KUBE_VERSION\"");
		assertThat(at(this.ci.job("chart"), "env.CHART")).isEqualTo(Chart.ROOT.relativize(Chart.DIRECTORY).toString());
		assertThat(at(this.ci.job("chart"), "env.KUBE_VERSION")).isEqualTo(Chart.KUBE_VERSION);
	}

	@Test
	void releaseDeploysToStagingThenToProductionBehindTheirEnvironments() {
		assertThat(environment(this.release.job("staging"))).isEqualTo("staging");
		assertThat(environment(this.release.job("production"))).isEqualTo("production");
		assertThat(asValues(this.release.job("production").get("needs"))).contains("staging");
		assertThat(asValues(this.release.job("staging").get("needs"))).contains("images", "chart");
		assertThat(asValues(this.release.job("images").get("needs"))).contains("ci");
		// Every job that deploys waits for an environment.
		this.release.jobs().forEach((id, job) -> {
			boolean deploys = Workflows.steps(asMap(job))
				.stream()
				.anyMatch((step) -> "./.github/actions/deploy".equals(step.get("uses")));
			if (deploys) {
				assertThat(environment(asMap(job))).as(id).isIn("staging", "production");
			}
		});
		assertThat(at(this.release.yaml(), "on.push.tags")).isEqualTo(List.of("v*"));
		assertThat(at(this.release.yaml(), "concurrency.cancel-in-progress")).isEqualTo(false);
	}

	@Test
	void deploymentIsAnAtomicHelmUpgradeFollowedByASmokeTest() {
		String commands = this.deploy.steps()
			.stream()
			.map((step) -> String.valueOf(step.get("run")))
			.collect(Collectors.joining("\n"));
		assertThat(commands).contains("helm upgrade --install ")
			.contains("--atomic --wait ")
			.contains("oci://$REGISTRY/charts/flowsupport\" --version \"$VERSION\"")
			.contains("image.tag=\"$VERSION\"")
			.contains("smoke-test.sh\" \"$GATEWAY_URL\"");
		assertThat(Workflows.GITHUB.resolve("actions/deploy/smoke-test.sh")).isExecutable();
	}

	@Test
	void releaseBuildsEveryServiceImageTaggedWithTheVersionAndTheCommit() {
		Map<String, Object> images = this.release.job("images");
		Set<String> built = asMap(compose().get("services")).entrySet()
			.stream()
			.filter((service) -> asMap(service.getValue()).containsKey("build"))
			.map(Map.Entry::getKey)
			.collect(Collectors.toCollection(TreeSet::new));
		assertThat(asValues(at(images, "strategy.matrix.service"))).containsExactlyInAnyOrderElementsOf(built);

		Map<String, Object> build = Workflows.stepsUsing(images, "docker/build-push-action").getFirst();
		assertThat(at(build, "with.file")).isEqualTo("deploy/docker/Dockerfile");
		assertThat(at(build, "with.build-args")).isEqualTo("SERVICE=${{ matrix.service }}");
		assertThat(at(build, "with.push")).isEqualTo(true);
		// <registry>/flowsupport/<service>, as the chart's image.repositoryPrefix names
		// them.
		assertThat(((String) at(build, "with.tags")).lines().map(String::strip).toList()).containsExactly(
				"${{ vars.ECR_REGISTRY }}/flowsupport/${{ matrix.service }}:${{ needs.version.outputs.version }}",
				"${{ vars.ECR_REGISTRY }}/flowsupport/${{ matrix.service }}:${{ github.sha }}");
	}

	@Test
	void awsIsReachedOnlyThroughOidcWithLeastPrivilegePerJob() {
		for (Workflows file : Workflows.all()) {
			if (file.isAction()) {
				continue;
			}
			Map<String, Object> top = asMap(file.yaml().get("permissions"));
			assertThat(top).as(file.path() + ": the workflow grants at most read access to the contents")
				.allSatisfy((scope, access) -> assertThat(scope + ": " + access).isEqualTo("contents: read"));
			file.jobs().forEach((id, job) -> {
				Map<String, Object> permissions = asMap(asMap(job).get("permissions"));
				boolean assumesRole = !Workflows.stepsUsing(asMap(job), CONFIGURE_AWS).isEmpty();
				assertThat(permissions.get("id-token"))
					.as(file.path() + " job " + id + ": an OIDC token only to assume a role")
					.isEqualTo(assumesRole ? "write" : null);
				assertThat(permissions.values()).as(file.path() + " job " + id).doesNotContain("write-all");
			});
			for (Map<String, Object> step : file.steps()) {
				if (Workflows.uses(step, CONFIGURE_AWS)) {
					assertThat(asMap(step.get("with"))).as(file.path().toString())
						.containsKey("role-to-assume")
						.doesNotContainKeys("aws-access-key-id", "aws-secret-access-key", "aws-session-token");
				}
			}
		}
	}

	@Test
	void deployGuideNamesExactlyTheSecretsAndVariablesTheWorkflowsRead() {
		Map<String, String> read = new TreeMap<>();
		for (Workflows file : Workflows.all()) {
			Matcher reference = CONTEXT_READ.matcher(file.text());
			while (reference.find()) {
				read.put(reference.group(2), reference.group(1));
			}
		}
		Map<String, String> documented = new LinkedHashMap<>();
		Matcher row = DOCUMENTED.matcher(Workflows.read(Chart.ROOT.resolve("docs/deploy.md")));
		while (row.find()) {
			documented.put(row.group(1), row.group(2).strip());
		}

		assertThat(read).isNotEmpty();
		assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(read.keySet());
		read.forEach((name, context) -> assertThat(documented.get(name)).as(name)
			.contains(context.equals("secrets") ? "secret" : "variable"));
	}

	@Test
	void dependencyUpdatesSeeTheBaseImagesTheDockerfileNamesInArgs() {
		Map<String, Object> renovate = asMap(
				new Yaml(new LoaderOptions()).load(Workflows.read(Workflows.GITHUB.resolve("renovate.json"))));
		String dockerfile = "deploy/docker/Dockerfile";
		String text = Workflows.read(Chart.ROOT.resolve(dockerfile));
		Map<String, String> found = new TreeMap<>();
		for (Object manager : asValues(renovate.get("customManagers"))) {
			boolean readsDockerfile = asValues(at(manager, "managerFilePatterns")).stream()
				.map((pattern) -> (String) pattern)
				.anyMatch((pattern) -> Pattern.compile(pattern.substring(1, pattern.length() - 1))
					.matcher(dockerfile)
					.find());
			if (readsDockerfile) {
				for (Object matchString : asValues(at(manager, "matchStrings"))) {
					Matcher dependency = Pattern.compile((String) matchString).matcher(text);
					while (dependency.find()) {
						found.put(dependency.group(0),
								dependency.group("depName") + ":" + dependency.group("currentValue"));
					}
				}
			}
		}
		assertThat(found.keySet()).allMatch((line) -> line.startsWith("ARG ")).hasSize(2);
		Map<String, Object> temurin = asList(renovate.get("packageRules")).stream()
			.filter((rule) -> asValues(rule.get("matchPackageNames")).contains("eclipse-temurin"))
			.findFirst()
			.orElseThrow();
		Pattern versioning = Pattern.compile(((String) temurin.get("versioning")).substring("regex:".length()));
		String allowed = (String) temurin.get("allowedVersions");
		Pattern allowedVersions = Pattern.compile(allowed.substring(1, allowed.length() - 1));
		assertThat(found.values()).allSatisfy((image) -> {
			assertThat(image).startsWith("eclipse-temurin:");
			String tag = image.substring(image.indexOf(':') + 1);
			assertThat(versioning.matcher(tag).matches()).as(tag).isTrue();
			assertThat(allowedVersions.matcher(tag).find()).as(tag).isTrue();
		});
	}

	private static Map<String, Object> compose() {
		return asMap(new Yaml(new LoaderOptions()).load(Workflows.read(Chart.ROOT.resolve("docker-compose.yml"))));
	}

	private static String readmeTestCommand() {
		String readme = Workflows.read(Chart.ROOT.resolve("README.md"));
		int tests = readme.indexOf("\n## Tests\n");
		assertThat(tests).as("README has a Tests section").isNotNegative();
		Matcher firstCode = Pattern.compile("`([^`]+)`").matcher(readme.substring(tests));
		assertThat(firstCode.find()).as("the Tests section starts with the command").isTrue();
		return firstCode.group(1);
	}

	private static String environment(Map<String, Object> job) {
		Object environment = job.get("environment");
		return (environment instanceof Map<?, ?>) ? (String) asMap(environment).get("name") : (String) environment;
	}

}
