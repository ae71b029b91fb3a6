/**
 * Assignment routing: groups whose tickets are handed out round robin by open load.
 */
@NullMarked
package com.flowsupport.ticket.routing;

import org.jspecify.annotations.NullMarked;
