@NullMarked
package com.flowsupport.shared.boot;

import org.jspecify.annotations.NullMarked;
