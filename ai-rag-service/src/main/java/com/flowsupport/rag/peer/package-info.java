/**
 * Calls to the platform's other services: kb-service's retrieval and articles,
 * ticket-service's tickets and comments.
 */
@NullMarked
package com.flowsupport.rag.peer;

import org.jspecify.annotations.NullMarked;
