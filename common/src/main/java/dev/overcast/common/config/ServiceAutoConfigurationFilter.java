package dev.overcast.common.config;

import java.util.Set;
import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Keeps unused auto-configurations out of AWS service applications (those with {@code overcast.db.schema}), and the
 * parts of Spring Cloud the suite does not use out of every application: in the sandbox every application shares one
 * classpath, and what an application never uses would only cost start-up time.
 */
public class ServiceAutoConfigurationFilter implements AutoConfigurationImportFilter, EnvironmentAware {

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    /**
     * What an AWS service never uses but would configure because the sandbox's shared classpath offers it:
     * reactive web and HTTP clients (the AWS SDK's), bean validation, multipart forms, scheduling, MVC error pages.
     */
    private static final Set<String> UNUSED_BY_SERVICES = Set.of(
            "CodecsAutoConfiguration", "ReactiveHttpClientAutoConfiguration", "ReactorAutoConfiguration",
            "NettyAutoConfiguration", "RestClientAutoConfiguration", "RestClientObservationAutoConfiguration",
            "RestTemplateAutoConfiguration", "RestTemplateObservationAutoConfiguration", "HttpClientAutoConfiguration",
            "HttpClientMetricsAutoConfiguration", "ImperativeHttpClientAutoConfiguration", "ValidationAutoConfiguration",
            "MultipartAutoConfiguration", "ErrorMvcAutoConfiguration", "TaskSchedulingAutoConfiguration",
            "ScheduledTasksObservationAutoConfiguration", "SslHealthContributorAutoConfiguration",
            "SslMetricsAutoConfiguration", "DiskSpaceHealthContributorAutoConfiguration");

    /**
     * Spring Cloud: the gateway's Spring Cloud Gateway, and what it brings along that nothing in the suite uses (refresh
     * scope, discovery, load balancing, their endpoints), which every application leaves out; services leave out the
     * gateway's too.
     */
    private static final String SPRING_CLOUD = "org.springframework.cloud.";
    private static final String SPRING_CLOUD_GATEWAY = "org.springframework.cloud.gateway.";

    @Override
    public boolean[] match(String[] candidates, AutoConfigurationMetadata metadata) {
        boolean service = environment != null && environment.containsProperty("overcast.db.schema");
        boolean[] keep = new boolean[candidates.length];
        for (int i = 0; i < candidates.length; i++) {
            String c = candidates[i];
            keep[i] = c == null || !(c.startsWith(SPRING_CLOUD) && (service || !c.startsWith(SPRING_CLOUD_GATEWAY)))
                    && (!service || !UNUSED_BY_SERVICES.contains(c.substring(c.lastIndexOf('.') + 1)));
        }
        return keep;
    }
}
