@NullMarked
package com.flowsupport.ticket.field;

import org.jspecify.annotations.NullMarked;
