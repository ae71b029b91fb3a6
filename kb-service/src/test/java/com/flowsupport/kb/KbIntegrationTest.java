package com.flowsupport.kb;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;

import com.flowsupport.kb.indexing.FlakyEmbeddingModel;
import com.flowsupport.shared.test.ServiceIntegrationTest;

/**
 * kb-service against real Postgres and Redis, with an embedding model tests can make
 * fail. Every kb test class uses this one configuration, so they share one context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ServiceIntegrationTest
@Import(FlakyEmbeddingModel.Configuration.class)
public @interface KbIntegrationTest {

}
