/**
 * Each tenant's AI settings: the autoresponder's mode, the confidence threshold,
 * channels, tone, reply and language-model budgets.
 */
@NullMarked
package com.flowsupport.rag.settings;

import org.jspecify.annotations.NullMarked;
