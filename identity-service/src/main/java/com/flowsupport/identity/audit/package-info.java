@NullMarked
package com.flowsupport.identity.audit;

import org.jspecify.annotations.NullMarked;
