@NullMarked
package com.flowsupport.ticket.ticket;

import org.jspecify.annotations.NullMarked;
