/**
 * What the AI did, per tenant: answers, abstentions, handoffs, resolutions, and the
 * feedback people gave on answers.
 */
@NullMarked
package com.flowsupport.rag.insights;

import org.jspecify.annotations.NullMarked;
