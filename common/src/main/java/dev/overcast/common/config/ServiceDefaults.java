package dev.overcast.common.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the classpath properties file holding an application's defaults (port, schema, …). Several
 * applications share one classpath in the sandbox, so none uses {@code application.properties}; and unlike
 * {@code @PropertySource}, these defaults rank below what a launcher passes with
 * {@code SpringApplicationBuilder.properties(…)} (see {@link ServiceDefaultsEnvironmentPostProcessor}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ServiceDefaults {

    /** Classpath resources, later ones winning, e.g. {@code {"overcast-service.properties", "overcast-s3.properties"}}. */
    String[] value();
}
