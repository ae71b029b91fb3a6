/**
 * Categories, sections and articles: Markdown rendered to sanitised HTML, translations,
 * visibility, the draft/published/archived workflow and version history.
 */
@NullMarked
package com.flowsupport.kb.content;

import org.jspecify.annotations.NullMarked;
