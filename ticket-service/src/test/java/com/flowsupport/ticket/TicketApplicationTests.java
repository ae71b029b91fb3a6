package com.flowsupport.ticket;

import java.util.Set;

import com.flowsupport.shared.test.ServiceConventionsTests;

class TicketApplicationTests extends ServiceConventionsTests {

	TicketApplicationTests() {
		super("ticket", "com.flowsupport.ticket", Set.of());
	}

}
