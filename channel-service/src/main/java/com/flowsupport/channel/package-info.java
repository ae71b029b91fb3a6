/**
 * channel-service: email, SMS, WhatsApp and the chat widget.
 */
@NullMarked
package com.flowsupport.channel;

import org.jspecify.annotations.NullMarked;
