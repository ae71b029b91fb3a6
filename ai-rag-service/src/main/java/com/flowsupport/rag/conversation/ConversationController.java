package com.flowsupport.rag.conversation;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.flowsupport.rag.RagProperties;
import com.flowsupport.rag.peer.PeerUnavailableException;
import com.flowsupport.shared.web.IdempotencyFilter;
import com.flowsupport.shared.web.JsonReader;
import com.flowsupport.shared.web.Locales;

/**
 * The chat bot's API, for the widget and messaging channels (channel-service) and for
 * signed-in customers:
 * <ul>
 * <li>{@code POST /api/v1/ai/conversations {channel, locale?, audience?, customer?:{id?,
 * name?, email?}}} starts one (201);</li>
 * <li>{@code GET /api/v1/ai/conversations/{id}} reads it with its messages;</li>
 * <li>{@code POST /api/v1/ai/conversations/{id}/messages {text}} answers a message: JSON
 * {@code {message, answer, reply, handoff}}, or, with {@code Accept: text/event-stream},
 * the events {@code message}, {@code delta} (pieces of the answer's text), {@code answer}
 * (the checked answer with citations), {@code handoff} and {@code done};</li>
 * <li>{@code POST /api/v1/ai/conversations/{id}/handoff {reason?}} hands over to a human:
 * a ticket for the customer with the transcript.</li>
 * </ul>
 */
@RestController
@RequestMapping("/api/v1/ai/conversations")
class ConversationController {

	static final List<String> CHANNELS = List.of("chat", "web", "whatsapp", "sms", "email", "api");

	static final Set<String> AUDIENCES = Set.of("public", "signed_in");

	private final ConversationService conversations;

	private final RagProperties properties;

	private final JsonMapper json;

	ConversationController(ConversationService conversations, RagProperties properties, JsonMapper json) {
		this.conversations = conversations;
		this.properties = properties;
		this.json = json;
	}

	@PostMapping
	ResponseEntity<Conversation> start(@RequestBody JsonNode body) {
		JsonReader in = new JsonReader(body, Set.of("channel", "locale", "audience", "customer"));
		String channel = in.text("channel", 20, true);
		if (channel != null && !CHANNELS.contains(channel)) {
			in.reject("channel", "must be one of " + CHANNELS);
		}
		String locale = Locales.read(in);
		String audience = in.text("audience", 20, false);
		if (audience != null && !AUDIENCES.contains(audience)) {
			in.reject("audience", "must be public or signed_in");
		}
		UUID customerId = null;
		String name = null;
		String email = null;
		if (in.has("customer") && !body.get("customer").isNull()) {
			JsonReader customer = new JsonReader(body.get("customer"), Set.of("id", "name", "email"));
			customerId = customer.uuid("id");
			name = customer.text("name", 200, false);
			email = customer.text("email", 320, false);
			customer.finish();
		}
		in.finish();
		Conversation conversation = this.conversations
			.start(new ConversationService.NewConversation(channel, audience, locale, customerId, name, email));
		return ResponseEntity.created(URI.create("/api/v1/ai/conversations/" + conversation.id())).body(conversation);
	}

	@GetMapping("/{id}")
	ConversationService.WithMessages get(@PathVariable UUID id) {
		return this.conversations.get(id);
	}

	@PostMapping(path = "/{id}/messages", produces = MediaType.APPLICATION_JSON_VALUE)
	ConversationService.Reply post(@PathVariable UUID id, @RequestBody JsonNode body) {
		return this.conversations.post(id, text(body), null);
	}

	/**
	 * The streamed variant: written to the response as the answer is produced, on the
	 * request's own thread (so the caller's identity and tenant stay in scope).
	 */
	@PostMapping(path = "/{id}/messages", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	void stream(@PathVariable UUID id, @RequestBody JsonNode body, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		String text = text(body);
		// A missing or handed-over conversation: a problem response, not a stream.
		this.conversations.open(id);
		response.setStatus(200);
		response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setHeader("Cache-Control", "no-cache");
		response.setHeader("X-Accel-Buffering", "no");
		PrintWriter out = response.getWriter();
		try {
			ConversationService.Reply reply = this.conversations.post(id, text,
					(piece) -> send(out, "delta", Map.of("text", piece)));
			send(out, "message", reply.message());
			if (reply.answer() != null) {
				send(out, "answer", reply.answer());
			}
			if (reply.handoff() != null) {
				send(out, "handoff", reply.handoff());
			}
			send(out, "done", Map.of());
		}
		catch (ErrorResponseException ex) {
			// Headers are out: the problem travels as an event; the request failed.
			IdempotencyFilter.failed(request);
			send(out, "error", problem(ex.getBody().getStatus(), ex.getBody().getTitle(), ex.getBody().getDetail()));
		}
		catch (PeerUnavailableException ex) {
			IdempotencyFilter.failed(request);
			send(out, "error", problem(503, "AI unavailable", "The knowledge base cannot be reached right now."));
		}
	}

	@PostMapping("/{id}/handoff")
	ConversationService.Handoff handoff(@PathVariable UUID id, @RequestBody(required = false) @Nullable JsonNode body) {
		String reason = null;
		if (body != null) {
			JsonReader in = new JsonReader(body, Set.of("reason"));
			reason = in.text("reason", 200, false);
			in.finish();
		}
		return this.conversations.handOverOnRequest(id, reason);
	}

	private String text(JsonNode body) {
		JsonReader in = new JsonReader(body, Set.of("text"));
		String text = in.text("text", this.properties.questionMax(), true);
		in.finish();
		return text;
	}

	private static Map<String, Object> problem(int status, @Nullable String title, @Nullable String detail) {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("status", status);
		problem.put("title", title);
		problem.put("detail", detail);
		return problem;
	}

	private void send(PrintWriter out, String event, Object data) {
		out.write("event: " + event + "\ndata: " + this.json.writeValueAsString(data) + "\n\n");
		out.flush();
	}

}
