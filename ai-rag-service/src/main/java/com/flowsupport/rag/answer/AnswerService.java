package com.flowsupport.rag.answer;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.flowsupport.rag.RagProperties;
import com.flowsupport.rag.answer.GroundedQuestion.Turn;
import com.flowsupport.rag.peer.KnowledgeBase;
import com.flowsupport.rag.peer.KnowledgeBase.Passage;
import com.flowsupport.rag.settings.AiSettings;
import com.flowsupport.rag.settings.AiSettingsService;
import com.flowsupport.shared.events.Uuids;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;

/**
 * Answers a question for the tenant in scope: retrieves passages through kb-service (with
 * the caller's reach, or the audience a service names), measures how well they support an
 * answer, abstains below the tenant's threshold, and otherwise has the configured
 * generator compose a cited answer — the language model while it is healthy and within
 * the tenant's daily budget, the extractive generator otherwise. Every answer is
 * recorded. No database connection is held while peers or the model are asked.
 */
@Service
public class AnswerService {

	private static final Logger log = LoggerFactory.getLogger(AnswerService.class);

	/**
	 * A follow-up shorter than this many meaningful words is read with the one before.
	 */
	static final int FOLLOW_UP_TERMS = 4;

	private final KnowledgeBase kb;

	private final AiSettingsService settings;

	private final ExtractiveGenerator extractive;

	private final @Nullable LanguageModelGenerator model;

	private final LlmBudget budget;

	private final AnswerLog answers;

	private final RagProperties properties;

	private final AnswerProperties answerProperties;

	private final TransactionTemplate transactions;

	private final Clock clock;

	AnswerService(KnowledgeBase kb, AiSettingsService settings, ObjectProvider<LanguageModelGenerator> model,
			LlmBudget budget, AnswerLog answers, RagProperties properties, AnswerProperties answerProperties,
			PlatformTransactionManager transactions, Clock clock) {
		this.kb = kb;
		this.settings = settings;
		this.extractive = new ExtractiveGenerator();
		this.model = model.getIfAvailable();
		this.budget = budget;
		this.answers = answers;
		this.properties = properties;
		this.answerProperties = answerProperties;
		this.transactions = new TransactionTemplate(transactions);
		this.clock = clock;
	}

	/**
	 * A question to answer.
	 *
	 * @param history earlier turns of the conversation, oldest first
	 * @param audience narrows what is retrieved ({@code public}, {@code signed_in}); null
	 * for the caller's own reach
	 * @param asService retrieve as this service (background work, or callers whose token
	 * kb-service does not take)
	 * @param source who asked: {@code api}, {@code autoresponder}, {@code conversation},
	 * {@code assist}
	 */
	public record Question(String text, @Nullable String locale, List<Turn> history, @Nullable String audience,
			boolean asService, String source, @Nullable UUID conversationId, @Nullable UUID ticketId) {

		public static Question direct(String text, @Nullable String locale) {
			return new Question(text, locale, List.of(), null, false, "api", null, null);
		}

	}

	public Answer answer(Question question) {
		return answer(question, null);
	}

	/**
	 * Answers, handing the answer's text to {@code tokens} as it is produced when given.
	 * @throws com.flowsupport.rag.peer.PeerUnavailableException when kb-service cannot be
	 * asked
	 */
	public Answer answer(Question question, @Nullable Consumer<String> tokens) {
		CallerIdentity caller = Tenancy.require();
		UUID tenantId = caller.requireTenantId();
		AiSettings settings = this.settings.current();
		String query = retrievalQuery(question);
		List<Passage> passages = this.kb.retrieve(query, question.locale(), question.audience(),
				this.properties.passages(), question.asService());
		Grounding grounding = Grounding.of(query, passages);
		double confidence = round(grounding.confidence());
		String abstention = abstention(passages, confidence, settings.threshold());
		Answer answer;
		if (abstention != null) {
			answer = abstain(confidence, abstention, this.extractive.name());
		}
		else {
			GroundedQuestion grounded = new GroundedQuestion(question.text(), question.history(),
					grounding.rankedPassages(this.properties.promptPassages()), settings.tone(), question.locale());
			answer = generate(tenantId, settings, grounded, confidence, tokens);
		}
		Answer recorded = answer;
		this.transactions.executeWithoutResult(
				(status) -> this.answers.record(
						tenantId, recorded, new AnswerLog.Context(question.source(), question.text(),
								question.conversationId(), question.ticketId(), caller.userId()),
						this.clock.instant()));
		return answer;
	}

	private Answer generate(UUID tenantId, AiSettings settings, GroundedQuestion grounded, double confidence,
			@Nullable Consumer<String> tokens) {
		Generator generator = this.extractive;
		Draft draft = null;
		if (this.model != null && this.model.ready() && this.budget.take(tenantId, settings.dailyLlmBudget())) {
			try {
				draft = (tokens != null) ? this.model.stream(grounded, tokens) : this.model.draft(grounded);
				generator = this.model;
			}
			catch (GenerationUnavailableException ex) {
				log.warn("Language model unavailable, answering extractively: {}", ex.getMessage());
			}
		}
		if (draft == null) {
			draft = (tokens != null) ? this.extractive.stream(grounded, tokens) : this.extractive.draft(grounded);
		}
		if (draft.declined() || draft.citations().isEmpty()) {
			return abstain(confidence, Answer.NOT_IN_PASSAGES, generator.name());
		}
		String text = OutputGuard.clean(draft.text(), allowedHosts(grounded.passages()));
		if (text.isBlank()) {
			return abstain(confidence, Answer.NOT_IN_PASSAGES, generator.name());
		}
		return new Answer(Uuids.timeOrdered(), text, draft.citations(), confidence, false, null, generator.name());
	}

	/** Why no answer is attempted, or {@code null} when one is. */
	static @Nullable String abstention(List<Passage> passages, double confidence, double threshold) {
		if (passages.isEmpty()) {
			return Answer.NO_PASSAGES;
		}
		return (confidence < threshold) ? Answer.LOW_CONFIDENCE : null;
	}

	private Answer abstain(double confidence, String reason, String generator) {
		return new Answer(Uuids.timeOrdered(), "", List.of(), confidence, true, reason, generator);
	}

	/**
	 * A short follow-up ("and on Windows?") means little alone: it is read with the
	 * customer's previous message.
	 */
	static String retrievalQuery(Question question) {
		String text = question.text().strip();
		if (Terms.of(text).size() >= FOLLOW_UP_TERMS) {
			return text;
		}
		List<Turn> history = question.history();
		for (int i = history.size() - 1; i >= 0; i--) {
			if (history.get(i).role().equals("customer")) {
				return history.get(i).text().strip() + " " + text;
			}
		}
		return text;
	}

	private Set<String> allowedHosts(List<Passage> passages) {
		Set<String> hosts = new HashSet<>();
		this.answerProperties.allowedLinkHosts().forEach((host) -> hosts.add(host.toLowerCase(Locale.ROOT)));
		for (Passage passage : passages) {
			try {
				String host = URI.create(passage.url()).getHost();
				if (host != null) {
					hosts.add(host.toLowerCase(Locale.ROOT));
				}
			}
			catch (IllegalArgumentException ex) {
				// a passage without a usable link adds no host
			}
		}
		return hosts;
	}

	static double round(double value) {
		return Math.round(value * 1000) / 1000.0;
	}

	/** The turns of a conversation as a generator reads them, newest {@code max} only. */
	public static List<Turn> recent(List<Turn> turns, int max) {
		return new ArrayList<>(turns.subList(Math.max(0, turns.size() - max), turns.size()));
	}

}
