package com.flowsupport.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

import static com.flowsupport.deploy.Manifest.asList;
import static com.flowsupport.deploy.Manifest.asMap;

/**
 * The GitHub Actions files under {@code .github/}: the workflows and the repository's own
 * (composite) actions, each parsed as GitHub reads it and kept as text too, for what
 * parsing drops (the version comment after a pinned {@code uses:}).
 *
 * @param path the file, relative to the repository's root
 * @param text the file as written
 * @param yaml the parsed document
 */
record Workflows(Path path, String text, Map<String, Object> yaml) {

	static final Path GITHUB = Chart.ROOT.resolve(".github");

	/** Every workflow, then every action of the repository. */
	static List<Workflows> all() {
		List<Workflows> files = new ArrayList<>(list(GITHUB.resolve("workflows"), 1));
		files.addAll(list(GITHUB.resolve("actions"), 2));
		return files;
	}

	static Workflows workflow(String name) {
		return load(GITHUB.resolve("workflows").resolve(name));
	}

	static Workflows action(String name) {
		return load(GITHUB.resolve("actions").resolve(name).resolve("action.yml"));
	}

	boolean isAction() {
		return this.path.getFileName().toString().startsWith("action.");
	}

	Map<String, Object> jobs() {
		return asMap(this.yaml.get("jobs"));
	}

	Map<String, Object> job(String id) {
		Map<String, Object> job = asMap(jobs().get(id));
		if (job.isEmpty()) {
			throw new IllegalArgumentException(this.path + " has no job " + id);
		}
		return job;
	}

	/** The steps of every job, or of the action. */
	List<Map<String, Object>> steps() {
		if (isAction()) {
			return asList(asMap(this.yaml.get("runs")).get("steps"));
		}
		return jobs().values().stream().flatMap((job) -> asList(asMap(job).get("steps")).stream()).toList();
	}

	static List<Map<String, Object>> steps(Map<String, Object> job) {
		return asList(job.get("steps"));
	}

	/** The steps of a job that use the action (owner/name), whatever its version. */
	static List<Map<String, Object>> stepsUsing(Map<String, Object> job, String action) {
		return steps(job).stream().filter((step) -> uses(step, action)).toList();
	}

	static boolean uses(Map<String, Object> step, String action) {
		return String.valueOf(step.get("uses")).startsWith(action + "@");
	}

	private static List<Workflows> list(Path directory, int depth) {
		try (Stream<Path> files = Files.walk(directory, depth)) {
			return files.filter((file) -> file.toString().endsWith(".yml") || file.toString().endsWith(".yaml"))
				.sorted()
				.map(Workflows::load)
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Workflows load(Path file) {
		String text = read(file);
		LoaderOptions options = new LoaderOptions();
		Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(),
				options, new CoreSchemaResolver());
		return new Workflows(Chart.ROOT.relativize(file), text, asMap(yaml.load(text)));
	}

	static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * YAML 1.2's booleans, as GitHub reads workflows: only true and false. YAML 1.1,
	 * which SnakeYAML speaks, would read the key {@code on:} as the boolean true.
	 */
	private static final class CoreSchemaResolver extends Resolver {

		private static final Pattern BOOLEAN = Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$");

		@Override
		protected void addImplicitResolvers() {
			addImplicitResolver(Tag.BOOL, BOOLEAN, "tTfF");
			addImplicitResolver(Tag.INT, INT, "-+0123456789");
			addImplicitResolver(Tag.FLOAT, FLOAT, "-+0123456789.");
			addImplicitResolver(Tag.NULL, NULL, "~nN\0");
			addImplicitResolver(Tag.NULL, EMPTY, null);
		}

	}

}
