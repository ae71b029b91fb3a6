/** Email in (raw MIME, SES through SNS, SMTP) and out (Spring Mail). */
@NullMarked
package com.flowsupport.channel.email;

import org.jspecify.annotations.NullMarked;
