package dev.overcast.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.CompositePropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * Adds {@code overcast-gateway.properties} to the gateway's environment with the lowest precedence,
 * below the default properties a launcher passes through {@code SpringApplicationBuilder.properties(…)},
 * so every other source can override it. Only for applications whose sources include
 * {@link GatewayApplication}: other applications sharing the classpath are left alone.
 */
public class GatewayDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor {

    static final String RESOURCE = "overcast-gateway.properties";
    private static final String DEFAULT_PROPERTIES = "defaultProperties";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!application.getAllSources().contains(GatewayApplication.class)) {
            return;
        }
        PropertySource<?> defaults;
        try {
            defaults = new ResourcePropertySource("overcast-gateway-defaults", new ClassPathResource(RESOURCE, GatewayApplication.class.getClassLoader()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        MutablePropertySources sources = environment.getPropertySources();
        // Spring Boot moves "defaultProperties" to the very end after post-processing, so the gateway's
        // defaults join that source, behind what the launcher passed.
        CompositePropertySource merged = new CompositePropertySource(DEFAULT_PROPERTIES);
        PropertySource<?> existing = sources.get(DEFAULT_PROPERTIES);
        if (existing != null) {
            merged.addPropertySource(existing);
            merged.addPropertySource(defaults);
            sources.replace(DEFAULT_PROPERTIES, merged);
        } else {
            merged.addPropertySource(defaults);
            sources.addLast(merged);
        }
    }
}
