/**
 * Channels: what a tenant connects (email addresses, Twilio and Meta numbers, chat
 * widgets), with credentials sealed at rest, and how webhooks find a channel before any
 * tenant is in scope.
 */
@NullMarked
package com.flowsupport.channel.channel;

import org.jspecify.annotations.NullMarked;
