package com.flowsupport.ticket.rules;

import java.util.List;

/**
 * The conditions of a trigger: every one of {@code all}, and at least one of {@code any}
 * when it lists some, must hold.
 */
record Conditions(List<Condition> all, List<Condition> any) {
}
