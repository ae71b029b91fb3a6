/**
 * What every part of the platform that keeps keys in Redis shares: their prefix.
 */
@NullMarked
package com.flowsupport.shared.redis;

import org.jspecify.annotations.NullMarked;
