/**
 * Answers grounded in the knowledge base: retrieval through kb-service, a generator
 * (extractive by default, an LLM by configuration), the confidence that decides whether
 * to answer or abstain, and the record of every answer.
 */
@NullMarked
package com.flowsupport.rag.answer;

import org.jspecify.annotations.NullMarked;
