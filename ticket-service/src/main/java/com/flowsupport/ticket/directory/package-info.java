@NullMarked
package com.flowsupport.ticket.directory;

import org.jspecify.annotations.NullMarked;
