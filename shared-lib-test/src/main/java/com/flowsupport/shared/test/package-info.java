/**
 * Test support shared by every service: real Postgres and Redis (from the environment
 * when set, Testcontainers otherwise), a fresh database per test run, a real JWKS issuer,
 * and assertions that the database seals every tenant table.
 */
@NullMarked
package com.flowsupport.shared.test;

import org.jspecify.annotations.NullMarked;
