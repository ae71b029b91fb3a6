/**
 * Personal data in channels: the people who write by email, SMS, WhatsApp and the chat
 * widget, their contact addresses and their messages.
 */
@NullMarked
package com.flowsupport.channel.privacy;

import org.jspecify.annotations.NullMarked;
