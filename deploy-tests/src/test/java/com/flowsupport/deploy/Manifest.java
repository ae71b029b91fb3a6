package com.flowsupport.deploy;

import java.util.List;
import java.util.Map;

/**
 * One rendered Kubernetes object, read by path ({@code "spec.template.spec"}).
 *
 * @param object the object as parsed YAML
 */
record Manifest(Map<String, Object> object) {

	String kind() {
		return (String) this.object.get("kind");
	}

	String name() {
		return string("metadata.name");
	}

	boolean is(String kind) {
		return kind.equals(kind());
	}

	String component() {
		Map<String, Object> labels = map("metadata.labels");
		return (String) labels.get("app.kubernetes.io/component");
	}

	Object get(String path) {
		return at(this.object, path);
	}

	String string(String path) {
		return (String) get(path);
	}

	Map<String, Object> map(String path) {
		return asMap(get(path));
	}

	List<Map<String, Object>> list(String path) {
		return asList(get(path));
	}

	static Object at(Object from, String path) {
		Object current = from;
		for (String key : path.split("\\.")) {
			if (!(current instanceof Map<?, ?> map)) {
				return null;
			}
			current = map.get(key);
		}
		return current;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> asMap(Object value) {
		return (value != null) ? (Map<String, Object>) value : Map.of();
	}

	@SuppressWarnings("unchecked")
	static List<Object> asValues(Object value) {
		return (value != null) ? (List<Object>) value : List.of();
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> asList(Object value) {
		return (value != null) ? (List<Map<String, Object>>) value : List.of();
	}

}
