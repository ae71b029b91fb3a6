/**
 * Chat bot conversations for the widget and messaging channels: messages answered with
 * the conversation's memory, streamed as server-sent events, and handed over to humans as
 * a ticket with the transcript.
 */
@NullMarked
package com.flowsupport.rag.conversation;

import org.jspecify.annotations.NullMarked;
