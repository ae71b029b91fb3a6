/**
 * kb-service: knowledge base, help center and hybrid search.
 */
@NullMarked
package com.flowsupport.kb;

import org.jspecify.annotations.NullMarked;
