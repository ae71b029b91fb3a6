@NullMarked
package com.flowsupport.ticket.search;

import org.jspecify.annotations.NullMarked;
