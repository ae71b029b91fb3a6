package com.flowsupport.kb.importing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;

import com.flowsupport.kb.content.Article;
import com.flowsupport.kb.content.ArticleService;
import com.flowsupport.shared.audit.AdminAudit;
import com.flowsupport.shared.db.Transactions;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.Problems;

/**
 * Bulk import for migrations. Every article goes through the same validation and
 * transaction as one created through the API, one at a time, so a bad article is reported
 * and skipped while the others are imported. Sources: a JSON document
 * ({@code {"articles": [...]}} of article bodies as the API takes them), a Markdown file
 * with optional front matter, or a zip of both.
 */
@Service
public class ArticleImporter {

	/** Articles of one import at most. */
	public static final int ARTICLES_MAX = 2_000;

	static final long FILE_MAX = 1_000_000;

	/** Bytes an archive may unpack to, its other files included. */
	static final long ZIP_TOTAL_MAX = 50_000_000;

	/** Files an archive may hold, its other files included. */
	static final int ZIP_ENTRIES_MAX = 10 * ARTICLES_MAX;

	private final ArticleService articles;

	private final JsonMapper json;

	private final TransactionTemplate transactions;

	/**
	 * Each article in a transaction of its own, even inside the request's (an
	 * {@code Idempotency-Key} runs the whole request in one): a refused article must not
	 * doom the others' commit.
	 */
	private final TransactionTemplate eachArticle;

	private final AdminAudit audit;

	ArticleImporter(ArticleService articles, JsonMapper json, TransactionTemplate transactions, AdminAudit audit) {
		this.articles = articles;
		this.json = json;
		this.transactions = transactions;
		this.eachArticle = Transactions.ownTransaction(transactions);
		this.audit = audit;
	}

	/** {@code {"articles": [ ... ]}}, each item as {@code POST /articles} takes it. */
	public ImportReport importJson(JsonNode document) {
		requireAuthor();
		JsonNode list = (document.isObject() && document.has("articles")) ? document.get("articles") : document;
		if (list.isArray() && list.size() > ARTICLES_MAX) {
			throw tooManyArticles();
		}
		Report report = new Report();
		readJson("body", document, report);
		return report.finish();
	}

	public ImportReport importMarkdown(String name, String markdown) {
		requireAuthor();
		Report report = new Report();
		report.add(name, () -> MarkdownFile.parse(name, markdown, this.json));
		return report.finish();
	}

	/**
	 * Every {@code .md} and {@code .json} file of the archive, in archive order. An
	 * archive over the limits, or damaged part way, keeps what was imported before: the
	 * report ends with why the rest was not.
	 */
	public ImportReport importZip(InputStream zip) {
		requireAuthor();
		Report report = new Report();
		long total = 0;
		int files = 0;
		try (ZipInputStream entries = new ZipInputStream(zip, StandardCharsets.UTF_8)) {
			for (ZipEntry entry = entries.getNextEntry(); entry != null
					&& !report.stopped(); entry = entries.getNextEntry()) {
				if (++files > ZIP_ENTRIES_MAX) {
					report.stop(entry.getName(),
							Problems.detail(HttpStatus.CONTENT_TOO_LARGE, "Import too large",
									"An archive may hold at most " + ZIP_ENTRIES_MAX + " files; this one and the rest "
											+ "were not imported."));
					break;
				}
				String name = entry.getName();
				String lower = name.toLowerCase(Locale.ROOT);
				boolean article = !entry.isDirectory() && !name.startsWith("__MACOSX/") && !name.contains("/.")
						&& (lower.endsWith(".md") || lower.endsWith(".markdown") || lower.endsWith(".json"));
				Content content = read(entries, article ? FILE_MAX : 0, ZIP_TOTAL_MAX - total);
				total += content.size();
				if (total > ZIP_TOTAL_MAX) {
					report.stop(name,
							Problems.detail(HttpStatus.CONTENT_TOO_LARGE, "Import too large",
									"An archive may unpack to at most " + ZIP_TOTAL_MAX
											+ " bytes; this file and the rest were not imported."));
					break;
				}
				if (!article) {
					continue;
				}
				if (content.bytes() == null) {
					report.fail(name, Problems.detail(HttpStatus.UNPROCESSABLE_CONTENT, "File too large",
							"A file may have at most " + FILE_MAX + " bytes."));
					continue;
				}
				String text = new String(content.bytes(), StandardCharsets.UTF_8);
				if (lower.endsWith(".json")) {
					try {
						readJson(name, this.json.readTree(text), report);
					}
					catch (JacksonException ex) {
						report.fail(name, Problems.detail(HttpStatus.BAD_REQUEST, "Invalid JSON",
								"The file is not valid JSON: " + ex.getOriginalMessage()));
					}
				}
				else {
					report.add(name, () -> MarkdownFile.parse(name, text, this.json));
				}
			}
		}
		catch (IOException ex) {
			if (report.isEmpty()) {
				throw Problems.of(HttpStatus.BAD_REQUEST, "invalid-archive", "Invalid archive",
						"The body is not a readable zip archive.");
			}
			report.stop("(archive)", Problems.detail(HttpStatus.BAD_REQUEST, "Invalid archive",
					"The archive cannot be read past this point; the files after it were not imported."));
		}
		return report.finish();
	}

	private void readJson(String source, JsonNode document, Report report) {
		JsonNode list = (document.isObject() && document.has("articles")) ? document.get("articles") : document;
		if (list.isObject()) {
			report.add(source, () -> (ObjectNode) list);
			return;
		}
		if (!list.isArray()) {
			report.fail(source, Problems.detail(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid import",
					"Expected {\"articles\": [...]}, an array of articles or one article."));
			return;
		}
		for (int i = 0; i < list.size(); i++) {
			JsonNode item = list.get(i);
			report.add(source + ": articles[" + i + "]", () -> item);
		}
	}

	/**
	 * An entry's bytes, kept up to {@code keep} of them, counted up to just over
	 * {@code budget}: a file that is not an article is unpacked only to be counted, so
	 * that an archive of one huge other file is stopped as early as one of huge articles.
	 */
	private static Content read(InputStream in, long keep, long budget) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		long size = 0;
		boolean kept = keep > 0;
		for (int n = in.read(buffer); n >= 0 && size <= budget; n = in.read(buffer)) {
			size += n;
			kept = kept && size <= keep;
			if (kept) {
				out.write(buffer, 0, n);
			}
		}
		return new Content(kept ? out.toByteArray() : null, size);
	}

	/**
	 * @param bytes the entry's bytes, {@code null} when not kept (too large, or not an
	 * article)
	 */
	private record Content(byte @Nullable [] bytes, long size) {
	}

	private static ErrorResponseException tooManyArticles() {
		return Problems.of(HttpStatus.CONTENT_TOO_LARGE, "import-too-large", "Import too large",
				"An import may hold at most " + ARTICLES_MAX + " articles; split it.");
	}

	private static void requireAuthor() {
		Tenancy.requireRole(AppRole.AGENT, AppRole.ADMIN, AppRole.SUPER_ADMIN, AppRole.SERVICE);
	}

	/** Imports item by item and remembers what became of each. */
	private final class Report {

		private final List<ImportReport.Item> items = new ArrayList<>();

		private boolean stopped;

		void add(String source, Supplier<JsonNode> article) {
			if (this.stopped) {
				return;
			}
			if (this.items.size() >= ARTICLES_MAX) {
				stop(source, tooManyArticles().getBody());
				return;
			}
			try {
				Article created = Objects.requireNonNull(ArticleImporter.this.eachArticle
					.execute((tx) -> ArticleImporter.this.articles.create(article.get())));
				this.items.add(new ImportReport.Item(source, true, created.id(), created.title(), null));
			}
			catch (ErrorResponseException ex) {
				fail(source, ex.getBody());
			}
			catch (AccessDeniedException ex) {
				fail(source, Problems.detail(HttpStatus.FORBIDDEN, "Forbidden", ex.getMessage()));
			}
		}

		void fail(String source, ProblemDetail problem) {
			this.items.add(new ImportReport.Item(source, false, null, null, problem));
		}

		/** Nothing after {@code source} is imported; the report says why. */
		void stop(String source, ProblemDetail problem) {
			fail(source, problem);
			this.stopped = true;
		}

		boolean stopped() {
			return this.stopped;
		}

		boolean isEmpty() {
			return this.items.isEmpty();
		}

		ImportReport finish() {
			int imported = (int) this.items.stream().filter(ImportReport.Item::ok).count();
			ImportReport report = new ImportReport(imported, this.items.size() - imported, this.items);
			ArticleImporter.this.transactions
				.executeWithoutResult((tx) -> ArticleImporter.this.audit.record("kb_articles.imported", "kb_import",
						null, Map.of("imported", report.imported(), "failed", report.failed())));
			return report;
		}

	}

}
