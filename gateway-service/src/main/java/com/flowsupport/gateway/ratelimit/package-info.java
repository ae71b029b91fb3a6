/**
 * Request budgets in Redis: per tenant (by plan) for calls with a token, per client
 * address for the public surfaces.
 */
@NullMarked
package com.flowsupport.gateway.ratelimit;

import org.jspecify.annotations.NullMarked;
