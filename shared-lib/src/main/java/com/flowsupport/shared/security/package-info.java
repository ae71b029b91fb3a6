@NullMarked
package com.flowsupport.shared.security;

import org.jspecify.annotations.NullMarked;
