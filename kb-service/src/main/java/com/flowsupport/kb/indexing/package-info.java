/**
 * Turns published articles into heading-aware chunks and embeds them with the in-process
 * model, asynchronously through events, with retries and a visible status per article.
 */
@NullMarked
package com.flowsupport.kb.indexing;

import org.jspecify.annotations.NullMarked;
