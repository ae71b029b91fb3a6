@NullMarked
package com.flowsupport.identity.tenant;

import org.jspecify.annotations.NullMarked;
