package com.flowsupport.ticket.condition;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.ticket.ticket.Priority;
import com.flowsupport.ticket.ticket.TestTickets;
import com.flowsupport.ticket.ticket.Ticket;
import com.flowsupport.ticket.ticket.TicketStatus;
import com.flowsupport.ticket.ticket.TicketUpdate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When conditions hold, for SLA policies (what kind of ticket it is) and triggers (what
 * the update did besides), on conditions as {@link ConditionParser} leaves them.
 */
class ConditionMatcherTests {

	private final UUID group = UUID.randomUUID();

	private final CallerIdentity agent = CallerIdentity.user(UUID.randomUUID(), UUID.randomUUID(), AppRole.AGENT);

	@Test
	void ticketFieldsAsTheyStand() {
		Ticket ticket = TestTickets.ticket();
		ticket.changePriority(Priority.HIGH);
		ticket.changeGroup(this.group);
		ticket.replaceTags(List.of("vip", "billing"));
		TicketUpdate update = TestTickets.updating(ticket, this.agent, null);
		assertThat(holds(update, "priority", Operator.GREATER_THAN, "normal")).isTrue();
		assertThat(holds(update, "priority", Operator.LESS_THAN, "high")).isFalse();
		assertThat(holds(update, "priority", Operator.IS_NOT, "urgent")).isTrue();
		assertThat(holds(update, "type", Operator.IS, "question")).isTrue();
		assertThat(holds(update, "channel", Operator.IS_NOT, "email")).isFalse();
		assertThat(holds(update, "group", Operator.IS, this.group.toString())).isTrue();
		assertThat(holds(update, "group", Operator.IS, null)).as("no group").isFalse();
		assertThat(holds(update, "tags", Operator.INCLUDES, List.of("gold", "vip"))).as("any of them").isTrue();
		assertThat(holds(update, "tags", Operator.NOT_INCLUDES, List.of("gold", "vip"))).as("none of them").isFalse();
		assertThat(holds(update, "tags", Operator.NOT_INCLUDES, List.of("gold"))).isTrue();
		assertThat(holds(update, "subject", Operator.CONTAINS, "REFUND")).isTrue();
	}

	@Test
	void everyOfAllAndOneOfAnyWhenItListsSome() {
		TicketUpdate update = TestTickets.updating(TestTickets.ticket(), this.agent, null);
		Condition question = new Condition("type", Operator.IS, "question");
		Condition urgent = new Condition("priority", Operator.IS, "urgent");
		Condition email = new Condition("channel", Operator.IS, "email");
		assertThat(Conditions.NONE.matches(update)).isTrue();
		assertThat(new Conditions(List.of(question, email), List.of()).matches(update)).isTrue();
		assertThat(new Conditions(List.of(question, urgent), List.of()).matches(update)).isFalse();
		assertThat(new Conditions(List.of(question), List.of(urgent, email)).matches(update)).isTrue();
		assertThat(new Conditions(List.of(question), List.of(urgent)).matches(update)).isFalse();
	}

	@Test
	void changesCountFromWhereTheUpdateBegan() {
		Ticket ticket = TestTickets.ticket();
		ticket.changeStatus(TicketStatus.PENDING, TestTickets.AT);
		TicketUpdate update = TestTickets.updating(ticket, this.agent, null);
		assertThat(holds(update, "status", Operator.CHANGED_TO, "pending")).isTrue();
		assertThat(holds(update, "status", Operator.CHANGED_FROM, "open")).isTrue();
		assertThat(holds(update, "priority", Operator.NOT_CHANGED, null)).isTrue();
		update.apply("trigger:t", (changed) -> changed.changeStatus(TicketStatus.OPEN, TestTickets.AT));
		assertThat(holds(update, "status", Operator.CHANGED, null)).as("set back within the update").isFalse();
	}

	@Test
	void theUpdateItselfAndWhoMakesIt() {
		Ticket ticket = TestTickets.ticket();
		ticket.assign(this.agent.userId(), TestTickets.AT);
		TicketUpdate reply = TestTickets.updating(ticket, this.agent,
				new TicketUpdate.CommentContext(false, false, "Escalating to billing"));
		assertThat(holds(reply, "update_type", Operator.IS, "updated")).isTrue();
		assertThat(holds(reply, "comment_is_public", Operator.IS, false)).isTrue();
		assertThat(holds(reply, "comment_by_customer", Operator.IS, true)).isFalse();
		assertThat(holds(reply, "comment_body", Operator.CONTAINS, "billing")).isTrue();
		assertThat(holds(reply, "assignee", Operator.IS, FieldValues.CURRENT_USER)).isTrue();
		TicketUpdate silent = TestTickets.updating(ticket, CallerIdentity.service(UUID.randomUUID(), "test"), null);
		assertThat(holds(silent, "comment_body", Operator.NOT_CONTAINS, "billing")).as("no comment").isFalse();
		assertThat(holds(silent, "assignee", Operator.IS, FieldValues.CURRENT_USER)).as("a service").isFalse();
	}

	@Test
	void customFieldsAcrossTheShapesOfTheirValues() {
		Ticket ticket = TestTickets.ticket();
		ticket.replaceCustomFields(Map.of("plan", "pro", "seats", 12L, "features", List.of("sso", "audit")));
		TicketUpdate update = TestTickets.updating(ticket, this.agent, null);
		assertThat(holds(update, "custom_fields.plan", Operator.CHANGED_TO, "pro")).isTrue();
		assertThat(holds(update, "custom_fields.seats", Operator.IS, 12)).isTrue();
		assertThat(holds(update, "custom_fields.features", Operator.INCLUDES, "audit")).isTrue();
		assertThat(holds(update, "custom_fields.features", Operator.IS, List.of("audit", "sso"))).isTrue();
		assertThat(holds(update, "custom_fields.trial", Operator.NOT_PRESENT, null)).isTrue();
		assertThat(holds(update, "custom_fields.trial", Operator.IS, false)).as("unchecked checkbox").isTrue();
	}

	private static boolean holds(TicketUpdate update, String field, Operator operator, @Nullable Object value) {
		return new Conditions(List.of(new Condition(field, operator, value)), List.of()).matches(update);
	}

}
