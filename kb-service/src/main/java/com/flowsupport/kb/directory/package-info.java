/**
 * The tenants kb-service knows by slug, kept from identity-service's tenant events: the
 * public help center resolves its address with them, and article links name them.
 */
@NullMarked
package com.flowsupport.kb.directory;

import org.jspecify.annotations.NullMarked;
