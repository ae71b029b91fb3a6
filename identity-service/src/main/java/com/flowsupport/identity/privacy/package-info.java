/**
 * Data-subject requests: exports and erasures of a person across every service, run as
 * durable jobs, and the records of processing.
 */
@NullMarked
package com.flowsupport.identity.privacy;

import org.jspecify.annotations.NullMarked;
