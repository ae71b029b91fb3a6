package com.flowsupport.channel.email;

import java.io.UnsupportedEncodingException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.util.HtmlUtils;

import com.flowsupport.channel.ChannelProperties;
import com.flowsupport.channel.channel.Channel;
import com.flowsupport.channel.channel.Provider;
import com.flowsupport.channel.channel.SmtpHosts;
import com.flowsupport.channel.conversation.Conversation;
import com.flowsupport.channel.conversation.Message;
import com.flowsupport.channel.conversation.MessageRepository;
import com.flowsupport.channel.conversation.Outbound;
import com.flowsupport.channel.delivery.DeliveryException;
import com.flowsupport.channel.delivery.Sender;
import com.flowsupport.channel.delivery.SendingProperties;

/**
 * Sends replies by SMTP, threaded the way mail clients expect: our own
 * {@code Message-ID}, {@code In-Reply-To} the customer's latest mail, {@code References}
 * the whole thread, and a {@code Reply-To} carrying the conversation's token so that a
 * reply finds its ticket even when a client drops the threading headers. Plain text and
 * HTML alternatives. A channel with its own SMTP server uses it; others use the
 * platform's ({@code spring.mail.*}).
 */
@Component
class EmailSender implements Sender {

	private final ObjectProvider<JavaMailSender> platformMail;

	private final MessageRepository messages;

	private final Map<String, JavaMailSenderImpl> channelMail = new ConcurrentHashMap<>();

	private final TransactionTemplate transactions;

	private final boolean internalSmtpHosts;

	private final SendingProperties sending;

	EmailSender(ObjectProvider<JavaMailSender> platformMail, MessageRepository messages,
			PlatformTransactionManager transactions, ChannelProperties properties, SendingProperties sending) {
		this.platformMail = platformMail;
		this.sending = sending;
		this.messages = messages;
		this.internalSmtpHosts = properties.internalSmtpHosts();
		this.transactions = new TransactionTemplate(transactions);
		this.transactions.setReadOnly(true);
	}

	/**
	 * The thread a reply continues: References (oldest first) and the mail it answers.
	 */
	private record Threading(List<String> references, @Nullable String inReplyTo) {
	}

	@Override
	public Provider provider() {
		return Provider.SMTP;
	}

	@Override
	public @Nullable String send(Channel channel, @Nullable Conversation conversation, Message message) {
		String address = channel.address();
		boolean notice = Boolean.TRUE.equals(message.headers().get(Outbound.NOTICE));
		if ((conversation == null && !notice) || address == null) {
			throw new DeliveryException("An email reply needs its conversation and the channel's address", false, null);
		}
		JavaMailSender mail = mailerFor(channel);
		try {
			MimeMessage mime = (conversation == null || notice) ? composeNotice(mail, channel, address, message)
					: compose(mail, channel, address, conversation, message);
			mail.send(mime);
			return message.externalId();
		}
		catch (MailAuthenticationException | MailParseException | MailPreparationException ex) {
			throw new DeliveryException("SMTP refused the message: " + ex.getMessage(), false, ex);
		}
		catch (MailException ex) {
			// The root cause says what went wrong (a timeout, a refused connection, the
			// server's reply); the wrapper only that it did.
			throw new DeliveryException("SMTP send failed: " + NestedExceptionUtils.getMostSpecificCause(ex), true, ex);
		}
		catch (MessagingException | UnsupportedEncodingException ex) {
			throw new DeliveryException("The message could not be composed: " + ex.getMessage(), false, ex);
		}
	}

	private MimeMessage compose(JavaMailSender mail, Channel channel, String address, Conversation conversation,
			Message message) throws MessagingException, UnsupportedEncodingException {
		Threading thread = this.transactions.execute((tx) -> {
			List<String> ids = new ArrayList<>(this.messages.threadIds(conversation.tenantId(), conversation.id(), 20));
			ids.remove(message.externalId());
			String answered = this.messages.ofConversation(conversation.tenantId(), conversation.id(), 50)
				.reversed()
				.stream()
				.filter((m) -> Message.IN.equals(m.direction()) && m.externalId() != null)
				.map(Message::externalId)
				.findFirst()
				.orElse(ids.isEmpty() ? null : ids.getLast());
			return new Threading(ids, answered);
		});
		List<String> references = (thread != null) ? thread.references() : List.of();
		String inReplyTo = (thread != null) ? thread.inReplyTo() : null;
		MimeMessage mime = new ThreadedMimeMessage(mail.createMimeMessage().getSession(), message.externalId());
		MimeMessageHelper helper = new MimeMessageHelper(mime, true, "UTF-8");
		String fromName = channel.setting("fromName");
		helper.setFrom(
				(fromName != null) ? new InternetAddress(address, fromName, "UTF-8") : new InternetAddress(address));
		String to = (conversation.email() != null) ? conversation.email() : conversation.contact();
		helper.setTo(to);
		// Those copied on the thread stay copied.
		String[] cc = conversation.participants()
			.stream()
			.filter((participant) -> !participant.equalsIgnoreCase(to) && !participant.equalsIgnoreCase(address)
					&& !participant.toLowerCase(Locale.ROOT)
						.startsWith(address.substring(0, address.indexOf('@')) + "+"))
			.toArray(String[]::new);
		if (cc.length > 0) {
			helper.setCc(cc);
		}
		helper.setReplyTo(replyAddress(address, conversation.replyToken()));
		helper.setSubject(subject(conversation.subject()));
		helper.setText(message.body(), html(message.body()));
		if (inReplyTo != null) {
			mime.setHeader("In-Reply-To", inReplyTo);
		}
		if (!references.isEmpty()) {
			mime.setHeader("References", String.join(" ", references));
		}
		mime.setHeader(EmailParser.LOOP_HEADER, channel.id().toString());
		if ("bot".equals(message.author()) || "system".equals(message.author())) {
			mime.setHeader("Auto-Submitted", "auto-replied");
		}
		return mime;
	}

	/**
	 * A business rule's notice to staff: to its one recipient, no copies and no reply
	 * token (an answer is not the customer's), marked as machine mail.
	 */
	private MimeMessage composeNotice(JavaMailSender mail, Channel channel, String address, Message message)
			throws MessagingException, UnsupportedEncodingException {
		MimeMessage mime = new ThreadedMimeMessage(mail.createMimeMessage().getSession(), message.externalId());
		MimeMessageHelper helper = new MimeMessageHelper(mime, true, "UTF-8");
		String fromName = channel.setting("fromName");
		helper.setFrom(
				(fromName != null) ? new InternetAddress(address, fromName, "UTF-8") : new InternetAddress(address));
		helper.setTo(String.valueOf(message.recipient()));
		helper.setSubject(String.valueOf(message.subject()));
		helper.setText(message.body(), html(message.body()));
		mime.setHeader(EmailParser.LOOP_HEADER, channel.id().toString());
		mime.setHeader("Auto-Submitted", "auto-generated");
		return mime;
	}

	static String replyAddress(String channelAddress, String token) {
		int at = channelAddress.indexOf('@');
		return channelAddress.substring(0, at) + "+" + token + channelAddress.substring(at);
	}

	private static String subject(@Nullable String subject) {
		if (subject == null || subject.isBlank()) {
			return "Your request";
		}
		return subject.toLowerCase(Locale.ROOT).startsWith("re:") ? subject : "Re: " + subject;
	}

	static String html(String text) {
		StringBuilder html = new StringBuilder(
				"<!doctype html><html><body style=\"font-family:Inter,Roboto,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5\">");
		for (String paragraph : text.strip().split("\\n\\s*\\n")) {
			html.append("<p>").append(HtmlUtils.htmlEscape(paragraph).replace("\n", "<br>")).append("</p>");
		}
		return html.append("</body></html>").toString();
	}

	/**
	 * Whether the name now resolves inside the platform's network (checked at every send:
	 * names can be re-pointed after the channel was saved); a name that does not resolve
	 * fails in the SMTP client as before.
	 */
	private static boolean resolvesInternal(String host) {
		try {
			return SmtpHosts.resolvesInternal(host);
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	private JavaMailSender mailerFor(Channel channel) {
		String host = channel.setting("smtpHost");
		if (host == null) {
			JavaMailSender platform = this.platformMail.getIfAvailable();
			if (platform == null) {
				throw new DeliveryException("No SMTP server: configure spring.mail.host or the channel's smtpHost",
						false, null);
			}
			return platform;
		}
		if (!this.internalSmtpHosts && resolvesInternal(host)) {
			throw new DeliveryException("The channel's SMTP server " + host + " is on an internal address", false,
					null);
		}
		return this.channelMail.compute(channel.id() + ":" + channel.version(), (key, existing) -> {
			if (existing != null) {
				return existing;
			}
			this.channelMail.keySet().removeIf((k) -> k.startsWith(channel.id() + ":"));
			JavaMailSenderImpl sender = new JavaMailSenderImpl();
			sender.setHost(host);
			String port = channel.setting("smtpPort");
			sender.setPort((port != null) ? Integer.parseInt(port) : 587);
			sender.setUsername(channel.setting("smtpUsername"));
			sender.setPassword(channel.secret("smtpPassword"));
			Properties properties = sender.getJavaMailProperties();
			properties.put("mail.smtp.auth", String.valueOf(channel.setting("smtpUsername") != null));
			properties.put("mail.smtp.starttls.enable",
					String.valueOf(!Boolean.FALSE.equals(channel.settings().get("smtpStartTls"))));
			// Jakarta Mail waits forever by default: a server that takes the connection
			// and never answers would hold the send for good.
			properties.put("mail.smtp.connectiontimeout", Long.toString(this.sending.connectTimeout().toMillis()));
			properties.put("mail.smtp.timeout", Long.toString(this.sending.readTimeout().toMillis()));
			properties.put("mail.smtp.writetimeout", Long.toString(this.sending.readTimeout().toMillis()));
			return sender;
		});
	}

	/** Keeps the Message-ID we chose (stored before sending, so replies thread). */
	private static final class ThreadedMimeMessage extends MimeMessage {

		private final @Nullable String messageId;

		ThreadedMimeMessage(Session session, @Nullable String messageId) {
			super(session);
			this.messageId = messageId;
		}

		@Override
		protected void updateMessageID() throws MessagingException {
			if (this.messageId != null) {
				setHeader("Message-ID", this.messageId);
			}
			else {
				super.updateMessageID();
			}
		}

	}

}
