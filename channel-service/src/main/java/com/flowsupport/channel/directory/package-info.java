/**
 * The peers channel-service calls: identity (customers), ticket-service and
 * ai-rag-service.
 */
@NullMarked
package com.flowsupport.channel.directory;

import org.jspecify.annotations.NullMarked;
