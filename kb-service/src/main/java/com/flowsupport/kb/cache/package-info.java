/**
 * Redis caching of published content and search results, with tenant-scoped keys dropped
 * when the tenant's articles change.
 */
@NullMarked
package com.flowsupport.kb.cache;

import org.jspecify.annotations.NullMarked;
