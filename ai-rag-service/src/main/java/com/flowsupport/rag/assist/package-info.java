/**
 * Agent assist: a ticket thread summarised, a reply drafted with citations, related
 * articles, and a knowledge-base article drafted from a solved ticket.
 */
@NullMarked
package com.flowsupport.rag.assist;

import org.jspecify.annotations.NullMarked;
