/**
 * The gateway's own answers: RFC 9457 problems for every failure it produces, and the
 * circuit breakers' fallback.
 */
@NullMarked
package com.flowsupport.gateway.web;

import org.jspecify.annotations.NullMarked;
