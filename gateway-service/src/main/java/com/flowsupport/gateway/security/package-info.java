/**
 * Access-token checks at the gateway: RS256 tokens from identity-service's key set,
 * checked before anything is routed.
 */
@NullMarked
package com.flowsupport.gateway.security;

import org.jspecify.annotations.NullMarked;
