/**
 * Data-subject rights (GDPR art. 15, 17, 30) as one contract every service implements:
 * {@link com.flowsupport.shared.privacy.PersonalDataParticipant}s export and anonymise
 * what their service holds about a person, and
 * {@link com.flowsupport.shared.privacy.PrivacyEndpoint} exposes them to
 * identity-service's privacy jobs on an internal path the gateway never routes.
 */
@NullMarked
package com.flowsupport.shared.privacy;

import org.jspecify.annotations.NullMarked;
