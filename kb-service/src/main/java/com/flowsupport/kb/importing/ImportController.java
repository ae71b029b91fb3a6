package com.flowsupport.kb.importing;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.flowsupport.shared.web.Problems;

/**
 * {@code POST /api/v1/kb/imports}: the body is the import itself, its type says which
 * kind: {@code application/json}, {@code text/markdown} (name it with {@code X-Filename})
 * or {@code application/zip}. Answers 200 with the report, whatever failed.
 */
@RestController
@RequestMapping("/api/v1/kb/imports")
class ImportController {

	private final ArticleImporter importer;

	ImportController(ArticleImporter importer) {
		this.importer = importer;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	ImportReport json(@RequestBody JsonNode body) {
		return this.importer.importJson(body);
	}

	@PostMapping(consumes = "text/markdown")
	ImportReport markdown(@RequestBody String body,
			@RequestHeader(name = "X-Filename", defaultValue = "article.md") String filename) {
		return this.importer.importMarkdown(filename, body);
	}

	@PostMapping(consumes = { "application/zip", "application/x-zip-compressed" })
	ImportReport zip(HttpServletRequest request) throws IOException {
		if (request.getContentLengthLong() > ArticleImporter.ZIP_TOTAL_MAX) {
			throw Problems.of(HttpStatus.CONTENT_TOO_LARGE, "import-too-large", "Import too large",
					"An archive may be at most " + ArticleImporter.ZIP_TOTAL_MAX + " bytes.");
		}
		try (InputStream body = request.getInputStream()) {
			return this.importer.importZip(body);
		}
	}

}
