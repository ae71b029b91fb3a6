package com.flowsupport.channel.channel;

import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.flowsupport.channel.ChannelProperties;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;

/**
 * Moves channel secrets to the current key of the {@link SecretKeyRing}: for one tenant
 * when its admin asks, and for every tenant at startup (unless turned off), so that an
 * old key can leave the ring once a release with the new current key has started. Each
 * tenant's channels are sealed again in one transaction, as that tenant.
 */
@Service
class SecretRotation {

	private static final Logger log = LoggerFactory.getLogger(SecretRotation.class);

	private final ChannelRepository repository;

	private final TransactionTemplate transactions;

	private final boolean onStartup;

	SecretRotation(ChannelRepository repository, PlatformTransactionManager transactions,
			ChannelProperties properties) {
		this.repository = repository;
		this.transactions = new TransactionTemplate(transactions);
		this.onStartup = properties.secrets().reEncryptOnStartup();
	}

	/**
	 * @return how many of the tenant's channels were sealed again
	 */
	int reEncrypt(UUID tenantId) {
		Integer count = Tenancy.callAs(CallerIdentity.service(tenantId, Channels.SERVICE_NAME),
				() -> this.transactions.execute((status) -> this.repository.reseal(tenantId)));
		return (count != null) ? count : 0;
	}

	@EventListener(ApplicationReadyEvent.class)
	void reEncryptAllOnStartup() {
		if (this.onStartup) {
			Thread.ofVirtual().name("channel-secret-rotation").start(this::reEncryptAll);
		}
	}

	private void reEncryptAll() {
		try {
			List<UUID> tenants = Tenancy.callAs(CallerIdentity.platform(Channels.SERVICE_NAME),
					() -> this.transactions.execute((status) -> this.repository.tenants()));
			int moved = 0;
			for (UUID tenant : (tenants != null) ? tenants : List.<UUID>of()) {
				moved += reEncrypt(tenant);
			}
			if (moved > 0) {
				log.info("Sealed the secrets of {} channels again with the current key", moved);
			}
		}
		catch (RuntimeException ex) {
			log.warn("Channel secrets were not all sealed again with the current key: {}", ex.toString());
		}
	}

}
