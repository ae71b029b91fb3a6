package com.flowsupport.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import static com.flowsupport.deploy.Manifest.asMap;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every value in values.yaml is documented with {@code ## @param}, and nothing else is.
 */
class ValuesDocumentationTests {

	private static final Pattern PARAM = Pattern.compile("^\\s*## @param (\\S+) \\S.*$", Pattern.MULTILINE);

	@Test
	void everyValueIsDocumentedAndEveryDocumentedValueExists() throws IOException {
		String text = Files.readString(Chart.DIRECTORY.resolve("values.yaml"));
		Set<String> documented = new HashSet<>();
		Matcher matcher = PARAM.matcher(text);
		while (matcher.find()) {
			documented.add(matcher.group(1));
		}
		List<String> paths = new ArrayList<>();
		List<String> leaves = new ArrayList<>();
		collect("", asMap(new Yaml(new LoaderOptions()).load(text)), paths, leaves);

		assertThat(leaves).as("values without a ## @param (on themselves or a parent)")
			.isNotEmpty()
			.filteredOn((path) -> !documentedOrUnder(path, documented))
			.isEmpty();
		assertThat(documented).as("## @param naming no value").isSubsetOf(paths);
	}

	private static boolean documentedOrUnder(String path, Set<String> documented) {
		for (String candidate = path; !candidate.isEmpty(); candidate = parent(candidate)) {
			if (documented.contains(candidate)) {
				return true;
			}
		}
		return false;
	}

	private static String parent(String path) {
		int dot = path.lastIndexOf('.');
		return (dot < 0) ? "" : path.substring(0, dot);
	}

	private static void collect(String prefix, Map<String, Object> values, List<String> paths, List<String> leaves) {
		for (Map.Entry<String, Object> entry : values.entrySet()) {
			String path = prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey();
			paths.add(path);
			if (entry.getValue() instanceof Map<?, ?> map && !map.isEmpty()) {
				collect(path, asMap(map), paths, leaves);
			}
			else {
				leaves.add(path);
			}
		}
	}

}
