package com.flowsupport.channel.channel;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether an SMTP server a tenant names lies inside the platform's own network: loopback,
 * private, link-local (cloud metadata), carrier-grade NAT or multicast addresses, and
 * {@code localhost}. A channel's own SMTP server is a connection channel-service makes on
 * the tenant's word, so such hosts would let a tenant probe what only the platform should
 * reach.
 */
public final class SmtpHosts {

	private static final Pattern IPV4_LITERAL = Pattern.compile("[0-9.]+");

	private SmtpHosts() {
	}

	/**
	 * Whether {@code host} names an internal host by itself: {@code localhost} or an
	 * internal address literal. Resolves no name.
	 */
	public static boolean namesInternalHost(String host) {
		String name = host.toLowerCase(Locale.ROOT);
		if (name.equals("localhost") || name.endsWith(".localhost")) {
			return true;
		}
		if (!IPV4_LITERAL.matcher(name).matches()) {
			return false;
		}
		try {
			// A literal: parsed, never looked up.
			return isInternal(InetAddress.getByName(name));
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	/** Whether any address {@code host} resolves to is internal. */
	public static boolean resolvesInternal(String host) throws UnknownHostException {
		for (InetAddress address : InetAddress.getAllByName(host)) {
			if (isInternal(address)) {
				return true;
			}
		}
		return false;
	}

	public static boolean isInternal(InetAddress address) {
		if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
				|| address.isSiteLocalAddress() || address.isMulticastAddress()) {
			return true;
		}
		byte[] bytes = address.getAddress();
		boolean carrierGradeNat = bytes.length == 4 && (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64;
		boolean uniqueLocal = bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc;
		return carrierGradeNat || uniqueLocal;
	}

}
