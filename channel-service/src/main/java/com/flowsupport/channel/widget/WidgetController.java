package com.flowsupport.channel.widget;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.util.HtmlUtils;

import com.flowsupport.channel.channel.Channel;
import com.flowsupport.channel.channel.ChannelType;
import com.flowsupport.channel.channel.Channels;
import com.flowsupport.shared.web.JsonReader;
import com.flowsupport.shared.web.Problems;

/**
 * The widget's public surface: the script, a demo page, and the visitor API under the
 * widget's public key. Visitors authenticate with the session token the script keeps
 * ({@code X-Widget-Session}, or {@code session} on the event stream, which browsers open
 * without headers). When the widget names allowed origins, requests from other pages are
 * refused.
 */
@RestController
class WidgetController {

	static final String SESSION_HEADER = "X-Widget-Session";

	private static final Duration STREAM_TIMEOUT = Duration.ofMinutes(30);

	private final Channels channels;

	private final WidgetService widgets;

	private final LiveHub live;

	private final byte[] script;

	WidgetController(Channels channels, WidgetService widgets, LiveHub live) {
		this.channels = channels;
		this.widgets = widgets;
		this.live = live;
		try {
			this.script = new ClassPathResource("widget/widget.js").getContentAsByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@GetMapping(path = "/widget/widget.js", produces = "text/javascript")
	ResponseEntity<byte[]> script() {
		return ResponseEntity.ok()
			.cacheControl(CacheControl.maxAge(Duration.ofMinutes(10)).cachePublic())
			.contentType(new MediaType("text", "javascript", StandardCharsets.UTF_8))
			.body(this.script);
	}

	@GetMapping(path = "/widget/demo/{key}", produces = MediaType.TEXT_HTML_VALUE)
	String demo(@PathVariable String key) {
		widget(key, null);
		String safeKey = HtmlUtils.htmlEscape(key);
		return """
				<!doctype html>
				<html lang="en"><head><meta charset="utf-8">
				<meta name="viewport" content="width=device-width, initial-scale=1">
				<title>Acme Help — FlowSupport widget demo</title>
				<style>body{margin:0;font-family:Inter,Roboto,system-ui,sans-serif;background:#f4f5f7;color:#1d2330}
				main{max-width:720px;margin:0 auto;padding:48px 24px}h1{font-size:32px}p{line-height:1.6}</style>
				</head><body><main>
				<h1>Acme Printers</h1>
				<p>This page embeds the FlowSupport chat widget with one script tag. Open the chat bubble in the
				corner to ask a question: the assistant answers from the help center, and a human takes over on request.</p>
				</main>
				<script src="/widget/widget.js" data-widget-key="%s" async></script>
				</body></html>"""
			.formatted(safeKey);
	}

	@PostMapping("/widget/{key}/sessions")
	ResponseEntity<Map<String, Object>> start(@PathVariable String key,
			@RequestBody(required = false) @Nullable JsonNode body,
			@RequestHeader(name = "Origin", required = false) @Nullable String origin) {
		Channel channel = widget(key, origin);
		JsonReader in = new JsonReader(body, Set.of("sessionToken", "name", "email", "userId", "userHash"));
		String token = in.text("sessionToken", 100, false);
		String name = in.text("name", 120, false);
		String email = email(in);
		String userId = in.text("userId", 200, false);
		String userHash = in.text("userHash", 64, false);
		in.finish();
		WidgetService.Started started = this.widgets.start(channel, token,
				new WidgetService.Identity(name, email, userId, userHash));
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(Map.of("sessionToken", started.token(), "conversationId", started.visitor().conversation().id(),
					"mode", started.visitor().conversation().mode(), "messages", started.history(), "widget",
					Map.of("title", orDefault(channel.setting("title"), channel.name()), "greeting",
							orDefault(channel.setting("greeting"), "Hi! How can we help?"), "bot",
							channel.botEnabled())));
	}

	@GetMapping("/widget/{key}/messages")
	Map<String, List<WidgetMessage>> history(@PathVariable String key,
			@RequestHeader(name = SESSION_HEADER, required = false) @Nullable String session,
			@RequestHeader(name = "Origin", required = false) @Nullable String origin) {
		WidgetService.Visitor visitor = this.widgets.authenticate(widget(key, origin), session);
		return Map.of("items", this.widgets.history(visitor));
	}

	@PostMapping("/widget/{key}/messages")
	ResponseEntity<WidgetMessage> post(@PathVariable String key, @RequestBody(required = false) @Nullable JsonNode body,
			@RequestHeader(name = SESSION_HEADER, required = false) @Nullable String session,
			@RequestHeader(name = "Origin", required = false) @Nullable String origin) {
		Channel channel = widget(key, origin);
		WidgetService.Visitor visitor = this.widgets.authenticate(channel, session);
		JsonReader in = new JsonReader(body, Set.of("body"));
		String text = in.text("body", 5000, true);
		in.finish();
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(this.widgets.post(visitor, text.strip()));
	}

	@PostMapping("/widget/{key}/typing")
	ResponseEntity<Void> typing(@PathVariable String key,
			@RequestHeader(name = SESSION_HEADER, required = false) @Nullable String session,
			@RequestHeader(name = "Origin", required = false) @Nullable String origin) {
		this.widgets.typing(this.widgets.authenticate(widget(key, origin), session));
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/widget/{key}/handoff")
	Map<String, Object> handoff(@PathVariable String key, @RequestBody(required = false) @Nullable JsonNode body,
			@RequestHeader(name = SESSION_HEADER, required = false) @Nullable String session,
			@RequestHeader(name = "Origin", required = false) @Nullable String origin) {
		Channel channel = widget(key, origin);
		WidgetService.Visitor visitor = this.widgets.authenticate(channel, session);
		JsonReader in = new JsonReader((body != null) ? body : JsonNodeFactory.instance.objectNode(), Set.of("email"));
		String email = email(in);
		in.finish();
		return this.widgets.handoff(visitor, email);
	}

	@GetMapping(path = "/widget/{key}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter events(@PathVariable String key, @RequestParam(required = false) @Nullable String session,
			@RequestHeader(name = "Origin", required = false) @Nullable String origin) throws IOException {
		Channel channel = widget(key, origin);
		WidgetService.Visitor visitor = this.widgets.authenticate(channel, session);
		SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
		this.live.attach(channel.tenantId(), visitor.conversation().id(), emitter);
		emitter.send(SseEmitter.event().name("ready").data("{}", MediaType.APPLICATION_JSON));
		return emitter;
	}

	/** The enabled widget behind a key, for a page it may be embedded on. */
	private Channel widget(String key, @Nullable String origin) {
		Channel channel = this.channels.byRouteKey(key)
			.filter((candidate) -> candidate.type() == ChannelType.WIDGET)
			.orElseThrow(() -> Problems.notFound("widget"));
		List<String> allowed = channel.list("allowedOrigins");
		if (origin != null && !allowed.isEmpty() && !allowed.contains(origin.toLowerCase(Locale.ROOT))) {
			throw Problems.of(HttpStatus.FORBIDDEN, "origin-not-allowed", "Origin not allowed",
					"This widget is not embedded on " + origin + ".");
		}
		return channel;
	}

	private static @Nullable String email(JsonReader in) {
		String email = in.text("email", 254, false);
		if (email == null) {
			return null;
		}
		try {
			new InternetAddress(email, true);
			return email.toLowerCase(Locale.ROOT);
		}
		catch (AddressException ex) {
			in.reject("email", "must be an email address");
			return null;
		}
	}

	private static String orDefault(@Nullable String value, String fallback) {
		return (value != null) ? value : fallback;
	}

}
