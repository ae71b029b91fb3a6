@NullMarked
package com.flowsupport.identity.token;

import org.jspecify.annotations.NullMarked;
