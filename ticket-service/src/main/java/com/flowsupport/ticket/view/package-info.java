/**
 * Views: saved ticket filters with their sort and columns, the tenant's shared ones and
 * each agent's own, run and counted through the search.
 */
@NullMarked
package com.flowsupport.ticket.view;

import org.jspecify.annotations.NullMarked;
