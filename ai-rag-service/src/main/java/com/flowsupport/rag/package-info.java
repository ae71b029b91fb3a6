/**
 * ai-rag-service: aI answers with citations, autoresponder, chat bot and agent assist.
 */
@NullMarked
package com.flowsupport.rag;

import org.jspecify.annotations.NullMarked;
