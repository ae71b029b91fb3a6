/**
 * Business rules: triggers that act on tickets as they are created and updated, and
 * macros, the bundles of actions agents apply by hand.
 */
@NullMarked
package com.flowsupport.ticket.rules;

import org.jspecify.annotations.NullMarked;
