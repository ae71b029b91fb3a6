@NullMarked
package com.flowsupport.identity.apikey;

import org.jspecify.annotations.NullMarked;
