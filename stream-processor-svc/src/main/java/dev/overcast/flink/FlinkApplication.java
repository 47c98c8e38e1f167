package dev.overcast.flink;

import dev.overcast.common.config.ServiceDefaults;
import dev.overcast.common.protocol.AwsApiDescriptor;
import dev.overcast.common.protocol.Protocol;
import dev.overcast.flink.model.ManagedFlinkClient;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;

/**
 * Managed Service for Apache Flink (API {@code kinesisanalyticsv2}): JSON 1.1 {@code KinesisAnalytics_20180523.*} on
 * its own port (default 4575), its own schema {@code flink}. Applications run on real Apache Flink in child JVMs.
 *
 * <p>The model classes are the SDK's {@code kinesisanalyticsv2} 2.20.0 (the only version served), running on the
 * suite's newer SDK core; enum members newer than that model (RuntimeEnvironment FLINK-1_18 … FLINK-1_20) travel as
 * strings and are checked against botocore's newer model (overcast/constraints/flink.json).
 */
@SpringBootApplication
@ServiceDefaults({"overcast-service.properties", "overcast-flink.properties"})
public class FlinkApplication {

    public static void main(String[] args) {
        builder().run(args);
    }

    /** The application as the sandbox, the tests and {@code main} start it. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(FlinkApplication.class).web(WebApplicationType.SERVLET);
    }

    @Bean
    AwsApiDescriptor flinkApi() {
        return AwsApiDescriptor.jsonRpc("flink", "kinesisanalytics", Protocol.AWS_JSON_1_1, "KinesisAnalytics_20180523",
                ManagedFlinkClient.class, "");
    }
}
