package com.flowsupport.channel.email;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

import com.flowsupport.channel.ChannelProperties;
import com.flowsupport.channel.channel.Channel;
import com.flowsupport.channel.channel.Channels;

/**
 * The built-in SMTP listener (subethasmtp on virtual threads), for deployments whose mail
 * exchanger hands mail straight to channel-service: it takes mail only for the addresses
 * of the tenants' email channels (and their {@code +token} reply addresses), so it is no
 * relay, refusing any other recipient at {@code RCPT TO} with 550; mail over the size
 * limit is refused with 552. What it takes goes through {@link EmailReceiver}, exactly as
 * a webhook's raw MIME does (threading, the spoofing rule, machine mail ignored,
 * redeliveries of a Message-ID stored once), with the envelope recorded as
 * {@code Return-Path} and {@code Delivered-To} headers the way a mail store does.
 * Publishes its port as {@code local.smtp.port}.
 */
@Component
@ConditionalOnBooleanProperty("flowsupport.channel.smtp.listener.enabled")
class SmtpListener implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(SmtpListener.class);

	private final Channels channels;

	private final EmailReceiver receiver;

	private final ConfigurableEnvironment environment;

	private final ChannelProperties.Listener settings;

	private final int maxBytes;

	private @Nullable SMTPServer server;

	SmtpListener(Channels channels, EmailReceiver receiver, ChannelProperties properties,
			ConfigurableEnvironment environment) {
		this.channels = channels;
		this.receiver = receiver;
		this.environment = environment;
		this.settings = properties.smtp().listener();
		this.maxBytes = (int) Math.min(this.settings.maxMessageSize().toBytes(), EmailParser.MAX_BYTES);
	}

	@Override
	public synchronized void start() {
		SMTPServer started;
		try {
			// A stopped server cannot start again, so each start builds one.
			started = SMTPServer.port(this.settings.port())
				.bindAddress(InetAddress.getByName(this.settings.bindAddress()))
				.softwareName("FlowSupport")
				.executorService(Executors.newVirtualThreadPerTaskExecutor())
				.maxConnections(this.settings.maxConnections())
				.maxRecipients(this.settings.maxRecipients())
				.maxMessageSize(this.maxBytes)
				.connectionTimeout((int) this.settings.timeout().toMillis(), TimeUnit.MILLISECONDS)
				.messageHandlerFactory((context) -> new Session())
				.build();
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException("Unknown SMTP listener bind address " + this.settings.bindAddress(), ex);
		}
		started.start();
		this.server = started;
		int port = started.getPortAllocated();
		this.environment.getPropertySources()
			.addFirst(new MapPropertySource("smtp-listener", Map.of("local.smtp.port", port)));
		log.info("SMTP listener on {}:{}, taking mail for the email channels' addresses", this.settings.bindAddress(),
				port);
	}

	@Override
	public synchronized void stop() {
		if (this.server != null) {
			this.server.stop();
			this.server.getExecutorService().shutdownNow();
			this.server = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.server != null && this.server.isRunning();
	}

	/** The address a {@code local+token@domain} reply address belongs to. */
	static String channelAddress(String recipient) {
		String address = recipient.toLowerCase(Locale.ROOT);
		int at = address.lastIndexOf('@');
		int plus = address.indexOf('+');
		return (plus > 0 && plus < at) ? address.substring(0, plus) + address.substring(at) : address;
	}

	/** One SMTP transaction: its recipients, grouped by the channel they reach. */
	private final class Session implements MessageHandler {

		private final Map<UUID, Channel> channels = new LinkedHashMap<>();

		private final Map<UUID, Set<String>> recipients = new LinkedHashMap<>();

		private @Nullable String from;

		@Override
		public void from(String from) {
			this.from = from;
		}

		@Override
		public void recipient(String recipient) throws RejectException {
			Optional<Channel> channel = (recipient.length() <= 254 && recipient.indexOf('@') > 0)
					? SmtpListener.this.channels.byEmailAddress(channelAddress(recipient)) : Optional.empty();
			if (channel.isEmpty()) {
				throw new RejectException(550, "5.1.1 <" + recipient + ">: no such mailbox here");
			}
			this.channels.put(channel.get().id(), channel.get());
			this.recipients.computeIfAbsent(channel.get().id(), (id) -> new LinkedHashSet<>())
				.add(recipient.toLowerCase(Locale.ROOT));
		}

		@Override
		public @Nullable String data(InputStream data) throws RejectException, IOException {
			byte[] mail = readAtMost(data, SmtpListener.this.maxBytes);
			for (Map.Entry<UUID, Channel> entry : this.channels.entrySet()) {
				byte[] raw = withEnvelope(mail, this.recipients.get(entry.getKey()));
				try {
					SmtpListener.this.receiver.receive(entry.getValue(), raw);
				}
				catch (ErrorResponseException ex) {
					throw new RejectException(554, "5.6.0 Not a MIME message with a sender");
				}
				catch (RuntimeException ex) {
					// A redelivery is safe: a Message-ID is stored once.
					log.warn("Mail for channel {} could not be stored: {}", entry.getKey(), ex.toString());
					throw new RejectException(451, "4.3.0 Try again later");
				}
			}
			return null;
		}

		@Override
		public void done() {
		}

		private byte[] withEnvelope(byte[] mail, Set<String> recipients) {
			StringBuilder headers = new StringBuilder();
			headers.append("Return-Path: <").append((this.from != null) ? this.from : "").append(">\r\n");
			for (String recipient : recipients) {
				headers.append("Delivered-To: ").append(recipient).append("\r\n");
			}
			byte[] envelope = headers.toString().getBytes(StandardCharsets.UTF_8);
			byte[] raw = new byte[envelope.length + mail.length];
			System.arraycopy(envelope, 0, raw, 0, envelope.length);
			System.arraycopy(mail, 0, raw, envelope.length, mail.length);
			return raw;
		}

	}

	private static byte[] readAtMost(InputStream data, int max) throws IOException, RejectException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		boolean tooLarge = false;
		int read;
		while ((read = data.read(buffer)) != -1) {
			// Read to the end even when too large, so the session stays in step.
			tooLarge = tooLarge || out.size() + read > max;
			if (!tooLarge) {
				out.write(buffer, 0, read);
			}
		}
		if (tooLarge) {
			throw new RejectException(552, "5.3.4 Mail over " + max + " bytes is not taken");
		}
		return out.toByteArray();
	}

}
