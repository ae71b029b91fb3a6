package com.flowsupport.identity.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import com.flowsupport.identity.IdentityProperties;
import com.flowsupport.identity.tenant.TenantDirectory;
import com.flowsupport.shared.tenancy.AppRole;

/**
 * Creates the operators' tenant and its first super admin at startup when
 * {@code flowsupport.identity.platform-admin.email} and {@code .password} are configured
 * and the tenant does not exist yet. Without them, nothing happens.
 */
@Component
class PlatformAdminBootstrap implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(PlatformAdminBootstrap.class);

	private final IdentityProperties properties;

	private final TenantDirectory directory;

	private final AuthService auth;

	PlatformAdminBootstrap(IdentityProperties properties, TenantDirectory directory, AuthService auth) {
		this.properties = properties;
		this.directory = directory;
		this.auth = auth;
	}

	@Override
	public void run(ApplicationArguments args) {
		IdentityProperties.PlatformAdmin admin = this.properties.platformAdmin();
		if (admin.email() == null || admin.password() == null) {
			return;
		}
		if (this.directory.activeTenant(admin.tenantSlug()).isPresent()) {
			return;
		}
		this.auth.provision("Platform operators", admin.tenantSlug(), "Platform admin", admin.email(), admin.password(),
				AppRole.SUPER_ADMIN);
		log.info("Created the platform operators' tenant '{}' with super admin {}", admin.tenantSlug(), admin.email());
	}

}
