@NullMarked
package com.flowsupport.shared.crypto;

import org.jspecify.annotations.NullMarked;
