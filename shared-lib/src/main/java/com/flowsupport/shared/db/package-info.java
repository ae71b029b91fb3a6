@NullMarked
package com.flowsupport.shared.db;

import org.jspecify.annotations.NullMarked;
