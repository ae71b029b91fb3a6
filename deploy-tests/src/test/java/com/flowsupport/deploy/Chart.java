package com.flowsupport.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The chart under test, rendered as {@code helm template} would for a release named
 * {@value #RELEASE} in namespace {@value #NAMESPACE}. Renderings are cached per values
 * file: Helm runs once per file however many tests look at the result.
 */
final class Chart {

	static final String RELEASE = "fs";

	static final String NAMESPACE = "support";

	/** The oldest Kubernetes the chart supports (Chart.yaml kubeVersion). */
	static final String KUBE_VERSION = "1.30.0";

	/** The repository's root. */
	static final Path ROOT = Path
		.of(Objects.requireNonNull(System.getProperty("flowsupport.root"), "system property flowsupport.root"))
		.toAbsolutePath()
		.normalize();

	static final Path DIRECTORY = ROOT.resolve("deploy/helm/flowsupport");

	private static final Map<Path, List<Manifest>> RENDERED = new ConcurrentHashMap<>();

	private Chart() {
	}

	static Helm helm() {
		return new Helm(DIRECTORY);
	}

	/** Every {@code ci/*-values.yaml}: the configurations CI proves render. */
	static List<Path> ciValuesFiles() {
		try (Stream<Path> files = Files.list(DIRECTORY.resolve("ci"))) {
			return files.filter((file) -> file.getFileName().toString().endsWith("-values.yaml")).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static List<Manifest> render(Path valuesFile) {
		return RENDERED.computeIfAbsent(valuesFile, (file) -> parse(template().withValuesFile(file).call()));
	}

	/** Renders with the chart's defaults and {@code --set} overrides. */
	static List<Manifest> render(Map<String, Object> overrides) {
		return parse(set(template(), overrides).call());
	}

	/** Renders with a values file and {@code --set} overrides. */
	static List<Manifest> render(Path valuesFile, Map<String, Object> overrides) {
		return parse(set(template().withValuesFile(valuesFile), overrides).call());
	}

	private static TemplateCommand set(TemplateCommand command, Map<String, Object> overrides) {
		TemplateCommand set = command;
		for (Map.Entry<String, Object> override : overrides.entrySet()) {
			set = set.set(override.getKey(), override.getValue());
		}
		return set;
	}

	private static TemplateCommand template() {
		return helm().template().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION);
	}

	@SuppressWarnings("unchecked")
	private static List<Manifest> parse(String rendered) {
		List<Manifest> manifests = new ArrayList<>();
		for (Object document : new Yaml(new LoaderOptions()).loadAll(rendered)) {
			if (document != null) {
				manifests.add(new Manifest((Map<String, Object>) document));
			}
		}
		return manifests;
	}

}
