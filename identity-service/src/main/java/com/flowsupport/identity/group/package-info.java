@NullMarked
package com.flowsupport.identity.group;

import org.jspecify.annotations.NullMarked;
