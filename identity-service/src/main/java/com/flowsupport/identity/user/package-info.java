@NullMarked
package com.flowsupport.identity.user;

import org.jspecify.annotations.NullMarked;
