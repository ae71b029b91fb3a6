package com.flowsupport.ticket.rules;

import java.util.UUID;

/** Where a page of a position-ordered list (triggers, macros) ends: its cursor. */
record ListPosition(int position, UUID id) {
}
