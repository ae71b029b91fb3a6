package com.flowsupport.ticket.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

import com.flowsupport.ticket.condition.FieldValues;
import com.flowsupport.ticket.field.CustomFields;
import com.flowsupport.ticket.ticket.Ticket;
import com.flowsupport.ticket.ticket.TicketHook;
import com.flowsupport.ticket.ticket.TicketUpdate;

/**
 * Runs the tenant's triggers on every ticket create and update, the way Zendesk does: the
 * active triggers are checked in position order, and each time one fires the check starts
 * over from the top, so that later triggers see what earlier ones changed. A trigger
 * fires at most once per update, which is what keeps two triggers from undoing each other
 * forever; a cap on firings guards the cycle besides.
 * <p>
 * Notes and notifications are rendered once the cycle is over, so that their placeholders
 * show the ticket as it will be stored. The notes a trigger adds are stored by the ticket
 * service without running the hooks again, so a trigger never reacts to its own note.
 * <p>
 * Runs before routing and SLA policies, which then see the ticket as the triggers left
 * it.
 */
@Component
@Order(TriggerEngine.ORDER)
class TriggerEngine implements TicketHook {

	static final int ORDER = 100;

	/** More firings than this in one update means the rules are broken, not busy. */
	static final int MAX_FIRINGS = 100;

	private static final Logger logger = LoggerFactory.getLogger(TriggerEngine.class);

	private final TriggerRepository triggers;

	private final CustomFields customFields;

	TriggerEngine(TriggerRepository triggers, CustomFields customFields) {
		this.triggers = triggers;
		this.customFields = customFields;
	}

	@Override
	public void beforeSave(TicketUpdate update) {
		List<Trigger> active = this.triggers.active(update.ticket().tenantId());
		Set<UUID> fired = new HashSet<>();
		List<Message> messages = new ArrayList<>();
		Trigger next;
		while ((next = nextToFire(active, fired, update)) != null) {
			if (fired.size() == MAX_FIRINGS) {
				logger.warn("Ticket {}: stopped after {} trigger firings in one update; trigger {} and others were "
						+ "left out", update.ticket().id(), MAX_FIRINGS, next.id());
				break;
			}
			fired.add(next.id());
			fire(next, update, messages);
		}
		Ticket ticket = update.ticket();
		for (Message message : messages) {
			String via = via(message.trigger());
			if (message.action().field().equals(Action.ADD_NOTE)) {
				update.addNote(Placeholders.render(ActionValues.text(message.action()), ticket), via);
			}
			else {
				Map<String, Object> value = message.action().members();
				update.notify(value.get("recipient").toString(),
						Placeholders.render(value.get("subject").toString(), ticket),
						Placeholders.render(value.get("body").toString(), ticket), via);
			}
		}
	}

	private static @Nullable Trigger nextToFire(List<Trigger> active, Set<UUID> fired, TicketUpdate update) {
		for (Trigger trigger : active) {
			if (!fired.contains(trigger.id()) && trigger.conditions().matches(update)) {
				return trigger;
			}
		}
		return null;
	}

	/**
	 * Applies the trigger's field actions as one entry of the audit trail, and keeps its
	 * notes and notifications for later. An action that cannot apply to this ticket (a
	 * status the ticket cannot move to, a custom field deactivated since) is left out: a
	 * rule an admin wrote must not make the update someone else made fail.
	 */
	private void fire(Trigger trigger, TicketUpdate update, List<Message> messages) {
		update.apply(via(trigger), (ticket) -> {
			for (Action action : trigger.actions()) {
				if (action.field().equals(Action.ADD_NOTE) || action.field().equals(Action.NOTIFY)) {
					messages.add(new Message(trigger, action));
					continue;
				}
				try {
					edit(action, ticket, update);
				}
				catch (ErrorResponseException ex) {
					logger.warn("Ticket {}: trigger {} could not apply {}: {}", ticket.id(), trigger.id(),
							action.field(), FieldValues.messageOf(ex));
				}
			}
		});
	}

	private void edit(Action action, Ticket ticket, TicketUpdate update) {
		switch (action.field()) {
			case Action.STATUS -> ticket.changeStatus(ActionValues.status(action), update.at());
			case Action.PRIORITY -> ticket.changePriority(ActionValues.priority(action));
			case Action.TYPE -> ticket.changeType(ActionValues.type(action));
			case Action.GROUP -> ticket.changeGroup(ActionValues.id(action));
			case Action.ASSIGNEE -> {
				UUID assignee = ActionValues.assignee(action, update.actor());
				if (assignee != null || !ActionValues.isCurrentUser(action)) {
					ticket.assign(assignee, update.at());
				}
			}
			case Action.ADD_TAGS -> ticket.addTags(ActionValues.tags(action));
			case Action.REMOVE_TAGS -> ticket.removeTags(ActionValues.tags(action));
			case Action.SET_TAGS -> ticket.replaceTags(ActionValues.tags(action));
			default -> {
				Map<String, @Nullable Object> patch = new HashMap<>();
				patch.put(ActionValues.customFieldKey(action), action.value());
				ticket.replaceCustomFields(this.customFields.merge(ticket.customFields(), patch));
			}
		}
	}

	private static String via(Trigger trigger) {
		return "trigger:" + trigger.id();
	}

	/** A note or notification a trigger asked for, rendered when the cycle is over. */
	private record Message(Trigger trigger, Action action) {
	}

}
