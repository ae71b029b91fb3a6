/**
 * The public help center: published public content of a tenant addressed by its slug,
 * without login.
 */
@NullMarked
package com.flowsupport.kb.help;

import org.jspecify.annotations.NullMarked;
