/**
 * ai-rag-service: answers from the knowledge base with citations, the autoresponder, the
 * chat bot and agent assist.
 */
@NullMarked
package com.flowsupport.rag;

import org.jspecify.annotations.NullMarked;
