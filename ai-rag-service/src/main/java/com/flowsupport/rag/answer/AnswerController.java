package com.flowsupport.rag.answer;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.flowsupport.rag.RagProperties;
import com.flowsupport.rag.answer.GroundedQuestion.Turn;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.JsonReader;
import com.flowsupport.shared.web.Locales;
import com.flowsupport.shared.web.Problems;

/**
 * {@code POST /api/v1/ai/answer {question, locale?, conversationId?, audience?}}: an
 * answer from the knowledge base with citations and confidence, or an abstention with its
 * reason. Customers are answered from what they may read; a service (channel-service
 * answering an anonymous visitor) names the audience, {@code public} by default.
 */
@RestController
@RequestMapping("/api/v1/ai")
class AnswerController {

	static final Set<String> AUDIENCES = Set.of("public", "signed_in", "internal");

	private final AnswerService answers;

	private final ConversationMemory conversations;

	private final RagProperties properties;

	private final AnswerProperties answerProperties;

	AnswerController(AnswerService answers, ConversationMemory conversations, RagProperties properties,
			AnswerProperties answerProperties) {
		this.answers = answers;
		this.conversations = conversations;
		this.properties = properties;
		this.answerProperties = answerProperties;
	}

	@PostMapping("/answer")
	Answer answer(@RequestBody JsonNode body) {
		boolean service = Tenancy.require().role() == AppRole.SERVICE;
		JsonReader in = new JsonReader(body, Set.of("question", "locale", "conversationId", "audience"));
		String question = in.text("question", this.properties.questionMax(), true);
		String locale = Locales.read(in);
		UUID conversationId = in.uuid("conversationId");
		String audience = in.text("audience", 20, false);
		if (audience != null && !AUDIENCES.contains(audience)) {
			in.reject("audience", "must be one of " + AUDIENCES.stream().sorted().toList());
		}
		in.finish();
		List<Turn> history = List.of();
		if (conversationId != null) {
			history = this.conversations.turns(conversationId).orElseThrow(() -> Problems.notFound("Conversation"));
		}
		if (service && audience == null) {
			audience = "public";
		}
		Answer answer = this.answers.answer(new AnswerService.Question(question, locale,
				AnswerService.recent(history, this.answerProperties.historyTurns()), audience, service, "api",
				conversationId, null));
		if (conversationId != null) {
			this.conversations.remember(conversationId, question, answer);
		}
		return answer;
	}

}
