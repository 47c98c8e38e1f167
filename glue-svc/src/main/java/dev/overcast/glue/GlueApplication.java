package dev.overcast.glue;

import dev.overcast.common.config.ServiceDefaults;
import dev.overcast.common.protocol.AwsApiDescriptor;
import dev.overcast.common.protocol.Protocol;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;
import software.amazon.awssdk.services.glue.GlueClient;

/**
 * AWS Glue: JSON 1.1 ({@code AWSGlue.*}) on its own port (default 4576), its own schema {@code glue}: the Data
 * Catalog, crawlers and classifiers, the Schema Registry, jobs, triggers and workflows.
 */
@SpringBootApplication
@EnableScheduling
@ServiceDefaults({"overcast-service.properties", "overcast-glue.properties"})
public class GlueApplication {

    public static void main(String[] args) {
        builder().run(args);
    }

    /** The application as the sandbox, the tests and {@code main} start it. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(GlueApplication.class).web(WebApplicationType.SERVLET);
    }

    @Bean
    AwsApiDescriptor glueApi() {
        // Glue writes the bare error code in __type
        return AwsApiDescriptor.jsonRpc("glue", "glue", Protocol.AWS_JSON_1_1, "AWSGlue", GlueClient.class, "");
    }
}
