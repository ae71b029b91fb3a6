/**
 * WhatsApp through Meta's Cloud API: verify handshake, signed webhooks, Graph API sends.
 */
@NullMarked
package com.flowsupport.channel.meta;

import org.jspecify.annotations.NullMarked;
