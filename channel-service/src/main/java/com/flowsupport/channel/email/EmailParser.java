package com.flowsupport.channel.email;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import org.jspecify.annotations.Nullable;

import com.flowsupport.channel.directory.Tickets;

/**
 * Reads raw MIME with Jakarta Mail: addresses, threading headers, the text (the plain
 * part, else the HTML part as text) without quoted history, attachments' metadata, and
 * whether a machine sent it.
 */
final class EmailParser {

	/** Mail channel-service sent carries this, so it is never taken in again. */
	static final String LOOP_HEADER = "X-FlowSupport-Channel";

	static final int MAX_BYTES = 25 * 1024 * 1024;

	private static final Session SESSION = Session.getInstance(new Properties());

	private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]{1,900}>");

	private static final Set<String> MACHINE_LOCAL_PARTS = Set.of("mailer-daemon", "postmaster", "noreply", "no-reply",
			"do-not-reply", "donotreply", "bounce", "bounces");

	private EmailParser() {
	}

	static ParsedEmail parse(byte[] raw) throws MessagingException, IOException {
		MimeMessage mime = new MimeMessage(SESSION, new ByteArrayInputStream(raw));
		InternetAddress from = firstAddress(mime.getFrom());
		if (from == null || from.getAddress() == null || !from.getAddress().contains("@")) {
			throw new MessagingException("The message has no sender address");
		}
		String sender = from.getAddress().toLowerCase(Locale.ROOT);
		Set<String> recipients = new LinkedHashSet<>();
		List<String> cc = addresses(mime.getRecipients(MimeMessage.RecipientType.CC));
		recipients.addAll(addresses(mime.getRecipients(MimeMessage.RecipientType.TO)));
		recipients.addAll(cc);
		String[] delivered = mime.getHeader("Delivered-To");
		if (delivered != null) {
			for (String value : delivered) {
				recipients.addAll(addresses(parseAddresses(value)));
			}
		}
		List<String> references = messageIds(mime.getHeader("References", " "));
		List<String> inReplyTo = messageIds(mime.getHeader("In-Reply-To", " "));
		List<String> ids = messageIds(mime.getMessageID());
		StringBuilder plain = new StringBuilder();
		StringBuilder html = new StringBuilder();
		List<Tickets.Attachment> attachments = new ArrayList<>();
		walk(mime, plain, html, attachments, 0);
		String text = !plain.isEmpty() ? plain.toString() : HtmlText.toText(html.toString());
		String subject = mime.getSubject();
		return new ParsedEmail(ids.isEmpty() ? null : ids.getFirst(), sender, from.getPersonal(),
				List.copyOf(recipients), cc, (subject != null) ? subject.strip() : null,
				inReplyTo.isEmpty() ? null : inReplyTo.getFirst(), references, QuotedText.strip(text), attachments,
				autoReason(mime, sender), mime.getHeader(LOOP_HEADER) != null);
	}

	private static @Nullable String autoReason(MimeMessage mime, String sender) throws MessagingException {
		String autoSubmitted = mime.getHeader("Auto-Submitted", ",");
		if (autoSubmitted != null && !autoSubmitted.strip().equalsIgnoreCase("no")) {
			return "auto-submitted: " + autoSubmitted.strip();
		}
		if (mime.getHeader("X-Autoreply") != null || mime.getHeader("X-Autorespond") != null) {
			return "auto-reply";
		}
		String precedence = mime.getHeader("Precedence", ",");
		if (precedence != null
				&& Set.of("bulk", "junk", "list", "auto_reply").contains(precedence.strip().toLowerCase(Locale.ROOT))) {
			return "precedence: " + precedence.strip();
		}
		String returnPath = mime.getHeader("Return-Path", ",");
		if (returnPath != null && returnPath.replaceAll("\\s", "").equals("<>")) {
			return "bounce: null return path";
		}
		String local = sender.substring(0, sender.indexOf('@'));
		if (MACHINE_LOCAL_PARTS.contains(local)) {
			return "bounce: sent by " + local;
		}
		if (mime.isMimeType("multipart/report")) {
			return "bounce: delivery report";
		}
		return null;
	}

	private static void walk(Part part, StringBuilder plain, StringBuilder html, List<Tickets.Attachment> attachments,
			int depth) throws MessagingException, IOException {
		if (depth > 10) {
			return;
		}
		String disposition = part.getDisposition();
		String fileName = fileName(part);
		if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
			for (int i = 0; i < multipart.getCount(); i++) {
				BodyPart child = multipart.getBodyPart(i);
				walk(child, plain, html, attachments, depth + 1);
			}
			return;
		}
		boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(disposition) || fileName != null;
		if (!attachment && part.isMimeType("text/plain") && plain.isEmpty()) {
			plain.append(part.getContent().toString());
		}
		else if (!attachment && part.isMimeType("text/html") && html.isEmpty()) {
			html.append(part.getContent().toString());
		}
		else if (attachment) {
			ContentType type = new ContentType(part.getContentType());
			MessageDigest sha256 = sha256();
			long size;
			try (InputStream in = new DigestInputStream(part.getInputStream(), sha256)) {
				size = in.transferTo(OutputStream.nullOutputStream());
			}
			attachments.add(new Tickets.Attachment((fileName != null) ? truncate(fileName, 255) : "attachment",
					truncate(type.getBaseType().toLowerCase(Locale.ROOT), 255), size, null,
					HexFormat.of().formatHex(sha256.digest()), null));
		}
	}

	private static @Nullable String fileName(Part part) throws MessagingException {
		try {
			String name = part.getFileName();
			return (name != null) ? MimeUtility.decodeText(name) : null;
		}
		catch (IOException ex) {
			return part.getFileName();
		}
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String truncate(String value, int max) {
		return (value.length() > max) ? value.substring(0, max) : value;
	}

	private static @Nullable InternetAddress firstAddress(Address @Nullable [] addresses) {
		if (addresses == null) {
			return null;
		}
		for (Address address : addresses) {
			if (address instanceof InternetAddress internet) {
				return internet;
			}
		}
		return null;
	}

	private static List<String> addresses(Address @Nullable [] addresses) {
		List<String> result = new ArrayList<>();
		if (addresses != null) {
			for (Address address : addresses) {
				if (address instanceof InternetAddress internet && internet.getAddress() != null) {
					result.add(internet.getAddress().toLowerCase(Locale.ROOT));
				}
			}
		}
		return result;
	}

	private static Address[] parseAddresses(String value) {
		try {
			return InternetAddress.parseHeader(value, false);
		}
		catch (AddressException ex) {
			return new Address[0];
		}
	}

	static List<String> messageIds(@Nullable String header) {
		List<String> ids = new ArrayList<>();
		if (header == null) {
			return ids;
		}
		Matcher matcher = MESSAGE_ID.matcher(header);
		while (matcher.find() && ids.size() < 100) {
			ids.add(matcher.group());
		}
		return ids;
	}

}
