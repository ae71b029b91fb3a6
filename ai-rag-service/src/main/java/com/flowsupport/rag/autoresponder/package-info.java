/**
 * The autoresponder: answers new tickets and customers' replies from the knowledge base
 * in the tenant's mode (a public reply, or an internal note for agents), marks tickets
 * the answer solved, and hands over to humans.
 */
@NullMarked
package com.flowsupport.rag.autoresponder;

import org.jspecify.annotations.NullMarked;
