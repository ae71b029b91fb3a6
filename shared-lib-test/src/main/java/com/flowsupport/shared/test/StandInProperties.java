package com.flowsupport.shared.test;

import java.util.List;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Points every test context of a module at the stand-ins for its peers: a subclass,
 * registered in the module's {@code META-INF/spring.factories} as a
 * {@link ContextCustomizerFactory}, names the properties (the stand-ins' URLs and
 * credentials), and they come first in each context's environment. Customizers with the
 * same properties are equal, so Spring's context cache still shares one context between
 * test classes.
 */
public abstract class StandInProperties implements ContextCustomizerFactory {

	/** The properties every test context of the module gets. */
	protected abstract Map<String, Object> properties();

	@Override
	public final ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		return new Customizer(getClass().getName(), Map.copyOf(properties()));
	}

	private record Customizer(String name, Map<String, Object> properties) implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			context.getEnvironment().getPropertySources().addFirst(new MapPropertySource(this.name, this.properties));
		}

	}

}
