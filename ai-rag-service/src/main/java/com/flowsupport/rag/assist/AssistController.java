package com.flowsupport.rag.assist;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.flowsupport.rag.peer.KnowledgeBase;
import com.flowsupport.shared.web.JsonReader;
import com.flowsupport.shared.web.Locales;

/**
 * {@code /api/v1/ai/assist/tickets/{id}/...} for agents: {@code summary},
 * {@code draft-reply}, {@code related-articles}, {@code article-draft}.
 */
@RestController
@RequestMapping("/api/v1/ai/assist/tickets/{id}")
class AssistController {

	private final AssistService assist;

	AssistController(AssistService assist) {
		this.assist = assist;
	}

	@PostMapping("/summary")
	AssistService.Summary summary(@PathVariable UUID id) {
		return this.assist.summarise(id);
	}

	@PostMapping("/draft-reply")
	AssistService.DraftReply draftReply(@PathVariable UUID id) {
		return this.assist.draftReply(id);
	}

	@GetMapping("/related-articles")
	Map<String, List<KnowledgeBase.RelatedArticle>> related(@PathVariable UUID id) {
		return Map.of("items", this.assist.relatedArticles(id));
	}

	@PostMapping("/article-draft")
	ResponseEntity<KnowledgeBase.DraftArticle> articleDraft(@PathVariable UUID id,
			@RequestBody(required = false) @Nullable JsonNode body) {
		String locale = null;
		if (body != null) {
			JsonReader in = new JsonReader(body, Set.of("locale"));
			locale = Locales.read(in);
			in.finish();
		}
		return ResponseEntity.status(201).body(this.assist.draftArticle(id, locale));
	}

}
