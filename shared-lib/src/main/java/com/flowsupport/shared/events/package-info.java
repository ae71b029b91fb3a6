@NullMarked
package com.flowsupport.shared.events;

import org.jspecify.annotations.NullMarked;
