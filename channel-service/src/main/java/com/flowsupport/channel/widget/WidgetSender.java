package com.flowsupport.channel.widget;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

import com.flowsupport.channel.ChannelProperties;
import com.flowsupport.channel.channel.Channel;
import com.flowsupport.channel.channel.Provider;
import com.flowsupport.channel.conversation.Conversation;
import com.flowsupport.channel.conversation.Message;
import com.flowsupport.channel.delivery.DeliveryException;
import com.flowsupport.channel.delivery.Sender;
import com.flowsupport.shared.web.EmailAddresses;

/**
 * Delivers agent replies to widget conversations: pushed live when the visitor has the
 * widget open on any replica; otherwise emailed when the visitor left an address, and in
 * any case kept in the history they see when they come back.
 */
@Component
class WidgetSender implements Sender {

	private final LiveHub live;

	private final ObjectProvider<JavaMailSender> mail;

	private final String from;

	WidgetSender(LiveHub live, ObjectProvider<JavaMailSender> mail, ChannelProperties properties) {
		this.live = live;
		this.mail = mail;
		this.from = properties.widgetMailFrom();
	}

	@Override
	public Provider provider() {
		return Provider.WIDGET;
	}

	@Override
	public @Nullable String send(Channel channel, @Nullable Conversation conversation, Message message) {
		if (conversation == null) {
			throw new DeliveryException("A widget reply needs its conversation", false, null);
		}
		boolean watched = this.live.publish(channel.tenantId(), conversation.id(), "message",
				WidgetMessage.of(message));
		if (!watched && EmailAddresses.mailable(conversation.email())) {
			email(channel, conversation, message);
		}
		return null;
	}

	private void email(Channel channel, Conversation conversation, Message message) {
		JavaMailSender sender = this.mail.getIfAvailable();
		if (sender == null) {
			return;
		}
		try {
			MimeMessage mime = sender.createMimeMessage();
			MimeMessageHelper helper = new MimeMessageHelper(mime, true, "UTF-8");
			helper.setFrom(this.from);
			helper.setTo(String.valueOf(conversation.email()));
			helper.setSubject("New reply from " + channel.name());
			helper.setText(message.body(),
					"<!doctype html><html><body style=\"font-family:Inter,Roboto,sans-serif\"><p>"
							+ HtmlUtils.htmlEscape(message.body()).replace("\n", "<br>") + "</p></body></html>");
			sender.send(mime);
		}
		catch (MailException ex) {
			throw new DeliveryException("SMTP send failed: " + ex.getMessage(), true, ex);
		}
		catch (MessagingException ex) {
			throw new DeliveryException("The email could not be composed: " + ex.getMessage(), false, ex);
		}
	}

}
