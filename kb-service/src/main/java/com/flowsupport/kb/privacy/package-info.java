/**
 * Personal data in the knowledge base: who wrote and changed articles.
 */
@NullMarked
package com.flowsupport.kb.privacy;

import org.jspecify.annotations.NullMarked;
