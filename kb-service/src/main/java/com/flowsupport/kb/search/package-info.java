/**
 * Hybrid search over chunks (full text, typo-tolerant lexicon, vector similarity), fused
 * into one ranking; the retrieval API for ai-rag-service and related articles.
 */
@NullMarked
package com.flowsupport.kb.search;

import org.jspecify.annotations.NullMarked;
