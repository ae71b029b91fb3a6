package com.flowsupport.channel.channel;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SigningSecretsTest {

	private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

	@Test
	void aReplacedSigningSecretVerifiesUntilItsGracePeriodEnds() {
		Map<String, String> rotated = SigningSecrets.rotate(Map.of("authToken", "old", "accessToken", "a1"),
				Map.of("authToken", "new", "accessToken", "a2"), NOW, Duration.ofHours(24));
		assertThat(rotated).containsEntry("authToken.previous", "old")
			.containsEntry("authToken.previousUntil", "2026-11-23T10:00:00Z")
			.doesNotContainKey("accessToken.previous");
		Channel channel = channel(rotated);
		assertThat(channel.verifying("authToken", NOW.plus(Duration.ofHours(23)))).containsExactly("new", "old");
		assertThat(channel.verifying("authToken", NOW.plus(Duration.ofHours(24)))).containsExactly("new");
	}

	@Test
	void laterChangesKeepAGracePeriodThatLastsAndDropOneThatEnded() {
		Map<String, String> rotated = SigningSecrets.rotate(Map.of("appSecret", "old"), Map.of("appSecret", "new"), NOW,
				Duration.ofHours(1));
		assertThat(SigningSecrets.rotate(rotated, Map.of("appSecret", "new"), NOW.plusSeconds(60), Duration.ofHours(1)))
			.containsEntry("appSecret.previous", "old");
		assertThat(
				SigningSecrets.rotate(rotated, Map.of("appSecret", "new"), NOW.plusSeconds(7200), Duration.ofHours(1)))
			.containsOnlyKeys("appSecret");
	}

	private static Channel channel(Map<String, String> secrets) {
		return new Channel(UUID.randomUUID(), UUID.randomUUID(), ChannelType.SMS, Provider.TWILIO, "SMS", "key",
				"+15550001111", Map.of(), secrets, false, true, 0, NOW, NOW);
	}

}
