package dev.overcast.common.config;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Keeps Spring Cloud's auto-configurations out of AWS service applications (those with {@code overcast.db.schema}):
 * only the gateway uses Spring Cloud, but in the sandbox every application shares its classpath, and refresh
 * scopes, discovery clients and load balancers would only cost start-up time.
 */
public class ServiceAutoConfigurationFilter implements AutoConfigurationImportFilter, EnvironmentAware {

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public boolean[] match(String[] candidates, AutoConfigurationMetadata metadata) {
        boolean service = environment != null && environment.containsProperty("overcast.db.schema");
        boolean[] keep = new boolean[candidates.length];
        for (int i = 0; i < candidates.length; i++) {
            keep[i] = !service || candidates[i] == null || !candidates[i].startsWith("org.springframework.cloud.");
        }
        return keep;
    }
}
