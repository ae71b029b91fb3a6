@NullMarked
package com.flowsupport.shared.web;

import org.jspecify.annotations.NullMarked;
