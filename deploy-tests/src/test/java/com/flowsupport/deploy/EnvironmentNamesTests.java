package com.flowsupport.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import static com.flowsupport.deploy.Manifest.asMap;
import static com.flowsupport.deploy.Manifest.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three ways to run the platform — {@code make run} (scripts/run.sh), docker compose
 * and the Helm chart — tell the services where their peers are, what the public entry is
 * and whom to believe about the client's address with the same environment variables, and
 * the services read those variables.
 */
class EnvironmentNamesTests {

	/** Where each peer is, read by the gateway's routes and the services' clients. */
	private static final List<String> SERVICE_URLS = List.of("IDENTITY_SERVICE_URL", "TICKET_SERVICE_URL",
			"KB_SERVICE_URL", "AI_RAG_SERVICE_URL", "CHANNEL_SERVICE_URL");

	private static final String PUBLIC_BASE_URL = "FLOWSUPPORT_PUBLIC_BASE_URL";

	private static final String GATEWAY_TRUSTED_PROXIES = "FLOWSUPPORT_TRUSTED_PROXIES";

	private static final String SERVICES_TRUSTED_PROXIES = "FLOWSUPPORT_WEB_CLIENTADDRESS_TRUSTEDPROXIES";

	@Test
	void theServicesReadTheVariablesThePlatformIsStartedWith() {
		String configuration = String.join("\n", read("gateway-service/src/main/resources/application.yml"),
				read("ai-rag-service/src/main/resources/application.yml"),
				read("channel-service/src/main/resources/application.yml"),
				read("shared-lib/src/main/resources/config/flowsupport-defaults.properties"));
		Stream.concat(SERVICE_URLS.stream(), Stream.of(PUBLIC_BASE_URL, GATEWAY_TRUSTED_PROXIES))
			.forEach((variable) -> assertThat(configuration).as(variable).contains("${" + variable + ":"));
	}

	@Test
	void makeRunExportsThem() {
		String script = read("scripts/run.sh");
		Stream
			.concat(SERVICE_URLS.stream(),
					Stream.of(PUBLIC_BASE_URL, GATEWAY_TRUSTED_PROXIES, SERVICES_TRUSTED_PROXIES))
			.forEach((variable) -> assertThat(script).as(variable).containsPattern("\\s" + variable + "="));
	}

	@Test
	void composeSetsThemForEveryService() {
		Map<String, Object> services = asMap(
				asMap(new Yaml(new LoaderOptions()).load(read("docker-compose.yml"))).get("services"));
		for (String service : List.of("gateway-service", "identity-service", "ticket-service", "kb-service",
				"ai-rag-service", "channel-service")) {
			Map<String, Object> environment = asMap(at(services.get(service), "environment"));
			assertThat(environment).as(service)
				.containsKeys(SERVICE_URLS.toArray(String[]::new))
				.containsKeys(PUBLIC_BASE_URL, GATEWAY_TRUSTED_PROXIES);
		}
	}

	@Test
	void theChartSetsThemInItsConfigMaps() {
		List<Manifest> manifests = Chart.render(Chart.DIRECTORY.resolve("ci/production-values.yaml"));
		Map<String, Object> shared = configMap(manifests, Chart.RELEASE + "-flowsupport-config");
		assertThat(shared).containsKeys(SERVICE_URLS.toArray(String[]::new))
			.containsEntry(PUBLIC_BASE_URL, "https://api.flowsupport.example.com")
			.containsEntry(SERVICES_TRUSTED_PROXIES, "10.20.0.0/16");
		assertThat(configMap(manifests, Chart.RELEASE + "-flowsupport-gateway")).containsEntry(GATEWAY_TRUSTED_PROXIES,
				"10.20.0.0/16");
	}

	private static Map<String, Object> configMap(List<Manifest> manifests, String name) {
		return manifests.stream()
			.filter((manifest) -> manifest.is("ConfigMap") && manifest.name().equals(name))
			.findFirst()
			.orElseThrow()
			.map("data");
	}

	private static String read(String file) {
		try {
			return Files.readString(Chart.ROOT.resolve(Path.of(file)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
