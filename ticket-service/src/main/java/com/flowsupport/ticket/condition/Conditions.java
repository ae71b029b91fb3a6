package com.flowsupport.ticket.condition;

import java.util.List;

import com.flowsupport.ticket.ticket.TicketUpdate;

/**
 * Every condition of {@code all} and, if {@code any} lists some, at least one of them
 * must hold. No conditions at all: every ticket.
 */
public record Conditions(List<Condition> all, List<Condition> any) {

	public static final Conditions NONE = new Conditions(List.of(), List.of());

	public Conditions {
		all = List.copyOf(all);
		any = List.copyOf(any);
	}

	/**
	 * Whether the conditions hold for the ticket as it stands in this update (see
	 * {@link ConditionMatcher}).
	 */
	public boolean matches(TicketUpdate update) {
		return ConditionMatcher.matches(this, update);
	}

}
