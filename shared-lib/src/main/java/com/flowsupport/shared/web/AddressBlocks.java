package com.flowsupport.shared.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A set of IP address blocks such as {@code 10.0.0.0/8} or {@code fd00::/8}: the proxies
 * whose word about a client's address is believed.
 */
public final class AddressBlocks {

	private static final Pattern IPV4 = Pattern
		.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

	private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

	private final List<Block> blocks;

	private AddressBlocks(List<Block> blocks) {
		this.blocks = blocks;
	}

	/**
	 * @param cidrs blocks in CIDR notation; a bare address is a block of one, blank
	 * entries are skipped
	 * @throws IllegalArgumentException if an entry is not an IP address block
	 */
	public static AddressBlocks parse(List<String> cidrs) {
		return new AddressBlocks(cidrs.stream().filter((cidr) -> !cidr.isBlank()).map(Block::parse).toList());
	}

	public boolean contains(InetAddress address) {
		for (Block block : this.blocks) {
			if (block.contains(address)) {
				return true;
			}
		}
		return false;
	}

	/** An IP literal, never a host name (no DNS lookups on what a client sent). */
	public static @Nullable InetAddress parseLiteral(String text) {
		if (!IPV4.matcher(text).matches() && !IPV6.matcher(text).matches()) {
			return null;
		}
		try {
			return InetAddress.getByName(text);
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	private record Block(byte[] network, int prefixLength) {

		static Block parse(String text) {
			String[] parts = text.trim().split("/", 2);
			InetAddress address = parseLiteral(parts[0]);
			if (address == null) {
				throw new IllegalArgumentException("Not an IP address block: " + text);
			}
			byte[] bytes = address.getAddress();
			int prefix = (parts.length == 2) ? Integer.parseInt(parts[1]) : bytes.length * 8;
			if (prefix < 0 || prefix > bytes.length * 8) {
				throw new IllegalArgumentException("Prefix length out of range: " + text);
			}
			return new Block(bytes, prefix);
		}

		boolean contains(InetAddress address) {
			byte[] candidate = address.getAddress();
			if (candidate.length != this.network.length) {
				return false;
			}
			int fullBytes = this.prefixLength / 8;
			for (int i = 0; i < fullBytes; i++) {
				if (candidate[i] != this.network[i]) {
					return false;
				}
			}
			int remainingBits = this.prefixLength % 8;
			if (remainingBits == 0) {
				return true;
			}
			int mask = (0xFF << (8 - remainingBits)) & 0xFF;
			return (candidate[fullBytes] & mask) == (this.network[fullBytes] & mask);
		}

	}

}
