package dev.overcast.common.config;

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
 * Adds the file named by an application's {@link ServiceDefaults} to its environment with the lowest precedence,
 * below the default properties a launcher passes through {@code SpringApplicationBuilder.properties(…)}, so every
 * other source can override it. Applications without the annotation are left alone.
 */
public class ServiceDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor {

    private static final String DEFAULT_PROPERTIES = "defaultProperties";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        ServiceDefaults annotation = null;
        Class<?> owner = null;
        for (Object source : application.getAllSources()) {
            if (source instanceof Class<?> type && type.isAnnotationPresent(ServiceDefaults.class)) {
                annotation = type.getAnnotation(ServiceDefaults.class);
                owner = type;
            }
        }
        if (annotation == null) {
            return;
        }
        CompositePropertySource defaults = new CompositePropertySource("overcastServiceDefaults");
        String[] files = annotation.value();
        for (int i = files.length - 1; i >= 0; i--) { // a composite answers from its first source: later files win
            try {
                defaults.addPropertySource(new ResourcePropertySource(files[i], new ClassPathResource(files[i], owner.getClassLoader())));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + files[i], e);
            }
        }
        MutablePropertySources sources = environment.getPropertySources();
        // Spring Boot moves "defaultProperties" to the very end after post-processing, so the application's
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
