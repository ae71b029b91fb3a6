/**
 * Bulk import of articles from JSON, Markdown files and zip archives, with a report of
 * what failed and why.
 */
@NullMarked
package com.flowsupport.kb.importing;

import org.jspecify.annotations.NullMarked;
