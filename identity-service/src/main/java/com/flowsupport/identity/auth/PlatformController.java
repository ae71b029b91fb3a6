package com.flowsupport.identity.auth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.flowsupport.identity.IdentityProperties;
import com.flowsupport.identity.audit.AuditLog;
import com.flowsupport.identity.tenant.Tenant;
import com.flowsupport.identity.tenant.TenantService;
import com.flowsupport.identity.token.AccessTokens;
import com.flowsupport.identity.token.SigningKeys;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.Problems;

/**
 * What platform operators and the platform's own services ask of identity: provisioning
 * tenants, rotating the signing key on demand, and service tokens scoped to one tenant.
 */
@RestController
class PlatformController {

	private final AuthService auth;

	private final SigningKeys keys;

	private final AccessTokens accessTokens;

	private final TenantService tenants;

	private final IdentityProperties properties;

	private final TransactionTemplate transactions;

	private final AuditLog audit;

	PlatformController(AuthService auth, SigningKeys keys, AccessTokens accessTokens, TenantService tenants,
			IdentityProperties properties, TransactionTemplate transactions, AuditLog audit) {
		this.auth = auth;
		this.keys = keys;
		this.accessTokens = accessTokens;
		this.tenants = tenants;
		this.properties = properties;
		this.transactions = transactions;
		this.audit = audit;
	}

	/** Operators create tenants whether or not self-service signup is on. */
	@PostMapping("/api/v1/tenants")
	ResponseEntity<Provisioned> provision(@Valid @RequestBody ProvisionRequest request) {
		Tenancy.requireRole(AppRole.SUPER_ADMIN);
		AuthService.SignedUp created = this.auth.provision(request.tenantName(), request.tenantSlug(),
				request.adminName(), request.adminEmail(), request.adminPassword(), AppRole.ADMIN);
		return ResponseEntity.created(URI.create("/api/v1/tenants/" + created.tenant().getId()))
			.body(new Provisioned(created.tenant().getId(), created.tenant().getSlug(), created.admin().getId()));
	}

	/**
	 * The next signing key, published now and signing after the lead time;
	 * {@code compromised=true} is the emergency: it signs at once and every earlier key
	 * is withdrawn (see {@link SigningKeys#rotate}).
	 */
	@PostMapping("/api/v1/auth/keys/rotate")
	SigningKeys.Rotation rotateSigningKey(@RequestParam(defaultValue = "false") boolean compromised) {
		CallerIdentity operator = Tenancy.requireRole(AppRole.SUPER_ADMIN);
		SigningKeys.Rotation rotation = this.keys.rotate(compromised);
		this.transactions.executeWithoutResult((tx) -> this.audit.record("signing_key.rotated", "signing_key",
				rotation.keyId(), Map.of("activatesAt", rotation.activatesAt().toString(), "compromised", compromised),
				operator.userId()));
		return rotation;
	}

	/**
	 * A token for a platform service acting for one tenant, against the service's own
	 * credentials (HTTP Basic, configured in
	 * {@code flowsupport.identity.service-clients}).
	 */
	@PostMapping("/api/v1/auth/service-token")
	Map<String, Object> serviceToken(
			@RequestHeader(name = "Authorization", required = false) @Nullable String authorization,
			@Valid @RequestBody ServiceTokenRequest request) {
		String service = authenticatedService(authorization);
		Tenant tenant = Tenancy
			.callAs(CallerIdentity.service(request.tenantId(), service), () -> this.tenants.find(request.tenantId()))
			.filter((candidate) -> candidate.status() == Tenant.Status.ACTIVE)
			.orElseThrow(() -> Problems.notFound("tenant"));
		return Map.of("accessToken", this.accessTokens.issueForService(service, tenant.getId(), tenant.getPlan()),
				"expiresIn", this.accessTokens.ttlSeconds(), "tokenType", "Bearer");
	}

	private String authenticatedService(@Nullable String authorization) {
		if (authorization != null && authorization.startsWith("Basic ")) {
			try {
				String decoded = new String(Base64.getDecoder().decode(authorization.substring(6)),
						StandardCharsets.UTF_8);
				int colon = decoded.indexOf(':');
				if (colon > 0) {
					String name = decoded.substring(0, colon);
					String expected = this.properties.serviceClients().get(name);
					if (expected != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
							decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8))) {
						return name;
					}
				}
			}
			catch (IllegalArgumentException ex) {
				// not Base64: refused below like any other wrong credential
			}
		}
		ErrorResponseException refused = Problems.of(HttpStatus.UNAUTHORIZED, "invalid-client", "Invalid client",
				"Service credentials are missing or wrong.");
		refused.getHeaders().set("WWW-Authenticate", "Basic realm=\"flowsupport-services\"");
		throw refused;
	}

	record ProvisionRequest(@NotBlank @Size(max = 120) String tenantName, @NotBlank @Size(max = 40) String tenantSlug,
			@NotBlank @Size(max = 120) String adminName, @NotBlank @Size(max = 254) String adminEmail,
			@NotBlank @Size(max = 128) String adminPassword) {
	}

	record Provisioned(UUID tenantId, String slug, UUID adminId) {
	}

	record ServiceTokenRequest(@NotNull UUID tenantId) {
	}

}
