package com.flowsupport.identity.auth;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The public authentication surface: {@code /api/v1/auth/**} needs no access token. */
@RestController
@RequestMapping("/api/v1/auth")
class AuthController {

	private final AuthService auth;

	private final PasswordResets passwordResets;

	AuthController(AuthService auth, PasswordResets passwordResets) {
		this.auth = auth;
		this.passwordResets = passwordResets;
	}

	@PostMapping("/signup")
	ResponseEntity<SignupResponse> signup(@Valid @RequestBody SignupRequest request) {
		AuthService.SignedUp result = this.auth.signup(request);
		return ResponseEntity.created(URI.create("/api/v1/tenants/current"))
			.body(new SignupResponse(
					new TenantRef(result.tenant().getId(), result.tenant().getSlug(), result.tenant().getName()),
					new UserRef(result.admin().getId(), result.admin().getEmail(), result.admin().getName(),
							result.admin().role().claimValue()),
					result.tokens().accessToken(), result.tokens().refreshToken(), result.tokens().expiresIn(),
					"Bearer"));
	}

	/**
	 * A customer's own account in a help center, finished by the link emailed to the
	 * address; answers alike whether or not the address already has an account.
	 */
	@PostMapping("/register")
	ResponseEntity<RegistrationAccepted> register(@Valid @RequestBody RegisterRequest request) {
		this.passwordResets.register(request.tenantSlug(), request.name(), request.email());
		return ResponseEntity.accepted().body(RegistrationAccepted.INSTANCE);
	}

	@PostMapping("/login")
	TokenResponse login(@Valid @RequestBody LoginRequest request) {
		return TokenResponse.of(this.auth.login(request));
	}

	@PostMapping("/refresh")
	TokenResponse refresh(@Valid @RequestBody RefreshRequest request) {
		return TokenResponse.of(this.auth.refresh(request.refreshToken()));
	}

	@PostMapping("/logout")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void logout(@Valid @RequestBody RefreshRequest request) {
		this.auth.logout(request.refreshToken());
	}

	/** Answers the same whether or not the account exists. */
	@PostMapping("/password-reset")
	ResponseEntity<PasswordResetAccepted> requestPasswordReset(@Valid @RequestBody PasswordResetRequest request) {
		this.passwordResets.request(request.tenantSlug(), request.email());
		return ResponseEntity.accepted().body(PasswordResetAccepted.INSTANCE);
	}

	@PostMapping("/password-reset/confirm")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void confirmPasswordReset(@Valid @RequestBody PasswordResetConfirmation request) {
		this.passwordResets.confirm(request.token(), request.newPassword());
	}

	record SignupRequest(@NotBlank @Size(max = 120) String tenantName, @NotBlank @Size(max = 40) String tenantSlug,
			@NotBlank @Size(max = 120) String adminName, @NotBlank @Size(max = 254) String adminEmail,
			@NotBlank @Size(max = 128) String adminPassword) {
	}

	record RegisterRequest(@NotBlank @Size(max = 40) String tenantSlug, @NotBlank @Size(max = 120) String name,
			@NotBlank @Size(max = 254) String email) {
	}

	record RegistrationAccepted(String message) {

		static final RegistrationAccepted INSTANCE = new RegistrationAccepted(
				"If this address can receive mail, a link to choose a password is on its way to it.");

	}

	record LoginRequest(@NotBlank @Size(max = 40) String tenantSlug, @NotBlank @Size(max = 254) String email,
			@NotBlank @Size(max = 128) String password) {
	}

	record RefreshRequest(@NotBlank @Size(max = 200) String refreshToken) {
	}

	record PasswordResetRequest(@NotBlank @Size(max = 40) String tenantSlug, @NotBlank @Size(max = 254) String email) {
	}

	record PasswordResetConfirmation(@NotBlank @Size(max = 200) String token,
			@NotBlank @Size(max = 128) String newPassword) {
	}

	record PasswordResetAccepted(String message) {

		static final PasswordResetAccepted INSTANCE = new PasswordResetAccepted(
				"If this account exists, a link to reset its password is on its way to its email address.");

	}

	record TenantRef(UUID id, String slug, String name) {
	}

	record UserRef(UUID id, String email, String name, String role) {
	}

	record SignupResponse(TenantRef tenant, UserRef user, String accessToken, String refreshToken, long expiresIn,
			String tokenType) {
	}

	record TokenResponse(String accessToken, String refreshToken, long expiresIn, String tokenType) {

		static TokenResponse of(SessionGrants.TokenGrant grant) {
			return new TokenResponse(grant.accessToken(), grant.refreshToken(), grant.expiresIn(), "Bearer");
		}

	}

}
