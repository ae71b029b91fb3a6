/**
 * Personal data in the AI agent: chat bot conversations, questions asked, feedback given.
 */
@NullMarked
package com.flowsupport.rag.privacy;

import org.jspecify.annotations.NullMarked;
