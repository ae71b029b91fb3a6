/**
 * Outbound delivery through a Redis Streams queue with retries, backoff and a dead-letter
 * stream.
 */
@NullMarked
package com.flowsupport.channel.delivery;

import org.jspecify.annotations.NullMarked;
