/**
 * The embeddable chat widget: script, visitor sessions, messages, live updates, bot and
 * handoff.
 */
@NullMarked
package com.flowsupport.channel.widget;

import org.jspecify.annotations.NullMarked;
