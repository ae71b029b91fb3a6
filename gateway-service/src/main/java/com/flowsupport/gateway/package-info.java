/**
 * gateway-service: the single public entry point in front of the services.
 */
@NullMarked
package com.flowsupport.gateway;

import org.jspecify.annotations.NullMarked;
