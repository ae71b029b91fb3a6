package com.flowsupport.channel.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.flowsupport.channel.ChannelProperties;
import com.flowsupport.channel.channel.Channel;
import com.flowsupport.channel.channel.Channels;
import com.flowsupport.channel.channel.Provider;
import com.flowsupport.channel.conversation.Conversation;
import com.flowsupport.channel.conversation.ConversationRepository;
import com.flowsupport.channel.conversation.Message;
import com.flowsupport.channel.conversation.MessageRepository;
import com.flowsupport.shared.events.PollingWorker;
import com.flowsupport.shared.events.RedisReplies;
import com.flowsupport.shared.events.Uuids;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;

/**
 * Sends what the queue holds. Each instance reads the stream in one consumer group, so a
 * message goes to one instance; the message row is leased before the provider is called,
 * so a duplicate entry or a reclaimed one never sends twice while a send is under way.
 * Failures are retried after an exponential backoff up to the configured attempts, then
 * the message is failed and named on the dead-letter stream. Sends run on virtual
 * threads, at most {@link SendingProperties#concurrency()} at once and
 * {@link SendingProperties#perChannel()} per channel: a message whose channel has its
 * share under way waits a moment on the retry set, so one tenant's stalled provider
 * delays nobody else's messages.
 */
@Component
class DeliveryWorker extends PollingWorker {

	private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

	private static final int BATCH = 20;

	/** What an attempt to deliver comes to ({@code flowsupport.channel.deliveries}). */
	private static final List<String> OUTCOMES = List.of("sent", "retryable_error", "refused");

	private static final String DEAD_LETTERS = "flowsupport.channel.dead_letters";

	private static final Duration CHANNEL_BUSY_WAIT = Duration.ofSeconds(1);

	private final DeliveryQueue queue;

	private final StringRedisTemplate redis;

	private final MessageRepository messages;

	private final ConversationRepository conversations;

	private final Channels channels;

	private final Map<Provider, Sender> senders = new EnumMap<>(Provider.class);

	private final ChannelProperties.Delivery settings;

	private final Clock clock;

	private final TransactionTemplate transactions;

	private final MeterRegistry meters;

	private final String consumer = "delivery-" + Uuids.timeOrdered();

	private final SendingProperties sending;

	private final Semaphore slots;

	/** Sends under way per channel; guarded by this worker's monitor. */
	private final Map<UUID, Integer> sendsPerChannel = new HashMap<>();

	/** The sends under way; a new one each time the worker starts. */
	private volatile ExecutorService sends = newSends();

	private boolean groupReady;

	private Instant nextSweep = Instant.EPOCH;

	DeliveryWorker(DeliveryQueue queue, StringRedisTemplate redis, MessageRepository messages,
			ConversationRepository conversations, Channels channels, List<Sender> senders, ChannelProperties properties,
			SendingProperties sending, Clock clock, PlatformTransactionManager transactions, MeterRegistry meters) {
		super("channel-delivery", Duration.ZERO);
		this.sending = sending;
		this.slots = new Semaphore(sending.concurrency());
		this.queue = queue;
		this.redis = redis;
		this.messages = messages;
		this.conversations = conversations;
		this.channels = channels;
		senders.forEach((sender) -> this.senders.put(sender.provider(), sender));
		this.settings = properties.delivery();
		this.clock = clock;
		this.transactions = new TransactionTemplate(transactions);
		this.meters = meters;
		// The series exist from the start, at zero, so that rates and alerts see the
		// first
		// delivery and the first failure.
		for (Provider provider : Provider.values()) {
			for (String outcome : OUTCOMES) {
				deliveries(provider, outcome);
			}
		}
		meters.counter(DEAD_LETTERS);
	}

	/**
	 * Each cycle waits on the stream itself (a blocking read), so it always asks to run
	 * again at once.
	 */
	@Override
	protected boolean runCycle() {
		try {
			if (!this.groupReady) {
				createGroup();
				this.groupReady = true;
			}
			cycle();
			return true;
		}
		catch (RuntimeException ex) {
			// Redis restarted empty: the group comes back on the next cycle. The
			// code is in a cause: Spring's exception says "Error in execution".
			if (RedisReplies.isError(ex, "NOGROUP")) {
				this.groupReady = false;
			}
			throw ex;
		}
	}

	private void createGroup() {
		try {
			this.redis.opsForStream().createGroup(this.queue.stream(), ReadOffset.from("0"), DeliveryQueue.GROUP);
		}
		catch (RedisSystemException ex) {
			if (!RedisReplies.isError(ex, "BUSYGROUP")) {
				throw ex;
			}
		}
	}

	private void cycle() {
		Instant now = this.clock.instant();
		promoteDueRetries(now);
		if (!now.isBefore(this.nextSweep)) {
			this.nextSweep = now.plus(this.settings.sweepInterval());
			sweep(now);
			reclaim();
		}
		List<MapRecord<String, Object, Object>> records = this.redis.opsForStream()
			.read(Consumer.from(DeliveryQueue.GROUP, this.consumer),
					StreamReadOptions.empty().count(BATCH).block(Duration.ofMillis(500)),
					StreamOffset.create(this.queue.stream(), ReadOffset.lastConsumed()));
		if (records != null) {
			records.forEach(this::handle);
		}
	}

	/**
	 * Hands the entry to a send of its own once one of the instance's slots is free; the
	 * entry is acknowledged when that send is over (an instance dying mid-send leaves it
	 * pending, to be reclaimed).
	 */
	private void handle(MapRecord<String, Object, Object> record) {
		UUID tenantId;
		UUID messageId;
		try {
			tenantId = UUID.fromString(String.valueOf(record.getValue().get("tenant_id")));
			messageId = UUID.fromString(String.valueOf(record.getValue().get("message_id")));
		}
		catch (IllegalArgumentException ex) {
			log.warn("Dropping malformed delivery entry {}", record.getId());
			done(record);
			return;
		}
		try {
			this.slots.acquire();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		this.sends.execute(() -> {
			try {
				Tenancy.runAs(CallerIdentity.service(tenantId, Channels.SERVICE_NAME),
						() -> deliver(tenantId, messageId));
				done(record);
			}
			catch (RuntimeException ex) {
				// Left pending: reclaimed, or found again by the sweep.
				log.warn("Delivery of message {} did not finish: {}", messageId, ex.toString());
			}
			finally {
				this.slots.release();
			}
		});
	}

	private void done(MapRecord<String, Object, Object> record) {
		this.redis.opsForStream().acknowledge(this.queue.stream(), DeliveryQueue.GROUP, record.getId());
		this.redis.opsForStream().delete(this.queue.stream(), record.getId());
	}

	@Override
	public synchronized void start() {
		if (this.sends.isShutdown()) {
			this.sends = newSends();
		}
		super.start();
	}

	/** Waits for the sends under way, at most as long as one send may take. */
	@Override
	public void stop() {
		super.stop();
		ExecutorService stopping = this.sends;
		stopping.shutdown();
		try {
			stopping.awaitTermination(this.sending.connectTimeout().plus(this.sending.readTimeout()).toMillis(),
					TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static ExecutorService newSends() {
		return Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("channel-send-", 0).factory());
	}

	/** Sends one message if it is still queued and due. */
	void deliver(UUID tenantId, UUID messageId) {
		Instant now = this.clock.instant();
		UUID channelId = this.transactions
			.execute((status) -> this.messages.find(tenantId, messageId).map(Message::channelId).orElse(null));
		if (channelId == null) {
			return;
		}
		if (!takeChannelSlot(channelId)) {
			// Its channel's provider is slow or stalled: the message waits its
			// turn without spending an attempt, and the slot goes to another
			// channel's message.
			this.queue.retryAt(tenantId, messageId, now.plus(CHANNEL_BUSY_WAIT));
			return;
		}
		try {
			deliverLeased(tenantId, messageId, now);
		}
		finally {
			releaseChannelSlot(channelId);
		}
	}

	private synchronized boolean takeChannelSlot(UUID channelId) {
		int under = this.sendsPerChannel.getOrDefault(channelId, 0);
		if (under >= this.sending.perChannel()) {
			return false;
		}
		this.sendsPerChannel.put(channelId, under + 1);
		return true;
	}

	private synchronized void releaseChannelSlot(UUID channelId) {
		int under = this.sendsPerChannel.getOrDefault(channelId, 1);
		if (under > 1) {
			this.sendsPerChannel.put(channelId, under - 1);
		}
		else {
			this.sendsPerChannel.remove(channelId);
		}
	}

	private void deliverLeased(UUID tenantId, UUID messageId, Instant now) {
		Boolean leased = this.transactions
			.execute((status) -> this.messages.lease(tenantId, messageId, now, now.plus(this.settings.claimIdle())));
		if (!Boolean.TRUE.equals(leased)) {
			return;
		}
		record Work(Message message, Optional<Channel> channel, @Nullable Conversation conversation) {
		}
		Work work = this.transactions.execute((status) -> {
			Message message = this.messages.find(tenantId, messageId).orElseThrow();
			Conversation conversation = (message.conversationId() != null)
					? this.conversations.find(tenantId, message.conversationId()).orElse(null) : null;
			return new Work(message, this.channels.find(message.channelId()), conversation);
		});
		if (work == null || work.channel().isEmpty() || !work.channel().get().enabled()) {
			fail(tenantId, messageId, "The channel is gone or disabled");
			return;
		}
		Channel channel = work.channel().get();
		Sender sender = this.senders.get(channel.provider());
		String externalId;
		try {
			if (sender == null) {
				throw new DeliveryException("No sender for " + channel.provider().value(), false, null);
			}
			externalId = sender.send(channel, work.conversation(), work.message());
		}
		catch (DeliveryException ex) {
			count(channel, ex.retryable() ? "retryable_error" : "refused");
			failedAttempt(tenantId, work.message(), ex.getMessage(), ex.retryable());
			return;
		}
		catch (RuntimeException ex) {
			log.warn("Sending message {} failed unexpectedly", messageId, ex);
			count(channel, "retryable_error");
			failedAttempt(tenantId, work.message(), ex.toString(), true);
			return;
		}
		count(channel, "sent");
		// Sent is sent: nothing after this point may send it again.
		try {
			this.transactions.executeWithoutResult((status) -> this.messages.sent(tenantId, messageId, externalId));
		}
		catch (DataIntegrityViolationException ex) {
			log.warn("Message {} was sent, but the provider's id {} is already another message's", messageId,
					externalId);
			this.transactions.executeWithoutResult((status) -> this.messages.sent(tenantId, messageId, null));
		}
	}

	private void count(Channel channel, String outcome) {
		deliveries(channel.provider(), outcome).increment();
	}

	private Counter deliveries(Provider provider, String outcome) {
		return this.meters.counter("flowsupport.channel.deliveries", "provider", provider.value(), "outcome", outcome);
	}

	private void failedAttempt(UUID tenantId, Message message, @Nullable String reason, boolean retryable) {
		String why = (reason != null) ? reason : "send failed";
		int attempts = message.attempts();
		if (!retryable || attempts >= this.settings.maxAttempts()) {
			fail(tenantId, message.id(), why);
			return;
		}
		Instant at = this.clock.instant().plus(this.settings.backoff(attempts));
		this.transactions.executeWithoutResult((status) -> this.messages.retryAt(tenantId, message.id(), at, why));
		this.queue.retryAt(tenantId, message.id(), at);
		log.info("Message {} attempt {} failed ({}); retrying at {}", message.id(), attempts, why, at);
	}

	private void fail(UUID tenantId, UUID messageId, String reason) {
		String why = (reason.length() > 500) ? reason.substring(0, 500) : reason;
		this.transactions.executeWithoutResult((status) -> this.messages.failed(tenantId, messageId, why));
		this.queue.deadLetter(tenantId, messageId, why);
		this.meters.counter(DEAD_LETTERS).increment();
		log.warn("Message {} failed for good: {}", messageId, why);
	}

	private void promoteDueRetries(Instant now) {
		var due = this.redis.opsForZSet().rangeByScore(this.queue.delayedKey(), 0, now.toEpochMilli(), 0, 100);
		if (due == null) {
			return;
		}
		for (String entry : due) {
			// Whoever removes the entry moves it: one instance, once.
			Long removed = this.redis.opsForZSet().remove(this.queue.delayedKey(), entry);
			int colon = entry.indexOf(':');
			if (removed != null && removed == 1 && colon > 0) {
				this.queue.enqueue(UUID.fromString(entry.substring(0, colon)),
						UUID.fromString(entry.substring(colon + 1)));
			}
		}
	}

	/** Queued messages whose entry Redis lost (a restart) or whose sender died. */
	private void sweep(Instant now) {
		List<Map.Entry<UUID, UUID>> overdue = Tenancy.callAs(CallerIdentity.platform(Channels.SERVICE_NAME),
				() -> this.transactions
					.execute((status) -> this.messages.overdue(now.minus(this.settings.claimIdle()), 200)));
		if (overdue != null) {
			overdue.forEach((entry) -> this.queue.enqueue(entry.getKey(), entry.getValue()));
		}
	}

	/** Entries an instance read and never acknowledged (it died mid-send). */
	private void reclaim() {
		var pending = this.redis.opsForStream()
			.pending(this.queue.stream(), DeliveryQueue.GROUP, Range.unbounded(), 100);
		for (var message : pending) {
			if (message.getElapsedTimeSinceLastDelivery().compareTo(this.settings.claimIdle()) > 0) {
				this.redis.opsForStream()
					.claim(this.queue.stream(), DeliveryQueue.GROUP, this.consumer, this.settings.claimIdle(),
							message.getId())
					.forEach(this::handle);
			}
		}
	}

}
