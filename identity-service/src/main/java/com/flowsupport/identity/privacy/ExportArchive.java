package com.flowsupport.identity.privacy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A person's export as one zip: a JSON document per service ({@code <service>.json}, its
 * sections by name) and {@code manifest.json}, which names the subject, the tenant, when
 * it was generated, and each file with its sections and SHA-256.
 */
final class ExportArchive {

	static final String MANIFEST = "manifest.json";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ExportArchive() {
	}

	/** The archive and its own SHA-256. */
	record Built(byte[] bytes, String sha256) {
	}

	/**
	 * @param sections each service's sections, in the order of the manifest
	 */
	static Built build(PrivacyJob job, Map<String, JsonNode> sections, Instant generatedAt) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
			List<Map<String, Object>> files = new ArrayList<>();
			for (Map.Entry<String, JsonNode> service : sections.entrySet()) {
				byte[] document = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(service.getValue());
				String name = service.getKey() + ".json";
				put(zip, name, document);
				Map<String, Object> file = new LinkedHashMap<>();
				file.put("service", service.getKey());
				file.put("file", name);
				file.put("sections", service.getValue().propertyNames());
				file.put("sha256", sha256(document));
				files.add(file);
			}
			Map<String, Object> manifest = new LinkedHashMap<>();
			manifest.put("format", "flowsupport.dsar.v1");
			manifest.put("jobId", job.id());
			manifest.put("subjectId", job.subjectId());
			manifest.put("tenantId", job.tenantId());
			manifest.put("generatedAt", generatedAt.toString());
			manifest.put("files", files);
			put(zip, MANIFEST, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new Built(bytes.toByteArray(), sha256(bytes.toByteArray()));
	}

	private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
		zip.putNextEntry(new ZipEntry(name));
		zip.write(content);
		zip.closeEntry();
	}

	static String sha256(byte[] content) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
