package com.flowsupport.channel;

import java.util.Set;

import com.flowsupport.shared.test.ServiceConventionsTests;

class ChannelApplicationTests extends ServiceConventionsTests {

	ChannelApplicationTests() {
		super("channel", "com.flowsupport.channel", Set.of("channel_route"));
	}

}
