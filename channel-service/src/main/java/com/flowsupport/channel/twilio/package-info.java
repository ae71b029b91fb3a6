/** SMS and WhatsApp through Twilio: signed webhooks, Messages API, status callbacks. */
@NullMarked
package com.flowsupport.channel.twilio;

import org.jspecify.annotations.NullMarked;
