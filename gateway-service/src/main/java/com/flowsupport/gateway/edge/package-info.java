/**
 * Request hygiene before authentication and routing: request ids, CORS, body size limits,
 * identity headers a client could spoof, and who the client is.
 */
@NullMarked
package com.flowsupport.gateway.edge;

import org.jspecify.annotations.NullMarked;
