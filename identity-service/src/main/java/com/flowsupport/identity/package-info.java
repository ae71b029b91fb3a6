/**
 * identity-service: tenants, users, authentication, tokens and keys.
 */
@NullMarked
package com.flowsupport.identity;

import org.jspecify.annotations.NullMarked;
