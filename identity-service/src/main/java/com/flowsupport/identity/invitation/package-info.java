@NullMarked
package com.flowsupport.identity.invitation;

import org.jspecify.annotations.NullMarked;
