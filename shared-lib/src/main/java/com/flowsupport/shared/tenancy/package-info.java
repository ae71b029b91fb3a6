@NullMarked
package com.flowsupport.shared.tenancy;

import org.jspecify.annotations.NullMarked;
