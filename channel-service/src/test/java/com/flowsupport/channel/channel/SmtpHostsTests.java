package com.flowsupport.channel.channel;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SmtpHostsTests {

	@Test
	void loopbackPrivateLinkLocalAndLocalhostAreInternal() {
		for (String host : new String[] { "127.0.0.1", "127.0.0.2", "0.0.0.0", "10.1.2.3", "172.16.0.1", "192.168.1.1",
				"169.254.169.254", "100.64.0.1", "224.0.0.1", "localhost", "LOCALHOST", "mail.localhost" }) {
			assertThat(SmtpHosts.namesInternalHost(host)).as(host).isTrue();
		}
	}

	@Test
	void publicAddressesAndNamesAreNotInternalByThemselves() {
		for (String host : new String[] { "203.0.113.10", "8.8.8.8", "100.128.0.1", "smtp.example.com",
				"localhost.example.com", "10.example.com" }) {
			assertThat(SmtpHosts.namesInternalHost(host)).as(host).isFalse();
		}
	}

	@Test
	void uniqueLocalIpv6IsInternal() throws Exception {
		assertThat(SmtpHosts.isInternal(InetAddress.getByName("fd00::1"))).isTrue();
		assertThat(SmtpHosts.isInternal(InetAddress.getByName("::1"))).isTrue();
		assertThat(SmtpHosts.isInternal(InetAddress.getByName("2001:db8::1"))).isFalse();
	}

	@Test
	void aNameIsJudgedByWhatItResolvesTo() throws Exception {
		assertThat(SmtpHosts.resolvesInternal("localhost")).isTrue();
		assertThat(SmtpHosts.resolvesInternal("192.0.2.25")).isFalse();
	}

}
