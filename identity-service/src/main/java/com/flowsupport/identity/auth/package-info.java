@NullMarked
package com.flowsupport.identity.auth;

import org.jspecify.annotations.NullMarked;
