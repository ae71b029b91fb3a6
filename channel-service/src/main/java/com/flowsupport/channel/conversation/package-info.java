/**
 * Conversations and their messages: inbound routing to the bot or a ticket, agent replies
 * back out.
 */
@NullMarked
package com.flowsupport.channel.conversation;

import org.jspecify.annotations.NullMarked;
