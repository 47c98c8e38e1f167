package dev.overcast.kinesis;

import dev.overcast.common.config.ServiceDefaults;
import dev.overcast.common.protocol.AwsApiDescriptor;
import dev.overcast.common.protocol.Protocol;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Kinesis Data Streams: JSON 1.1 and its CBOR variant (the Java SDK's default) on its own port (default 4568), its
 * own schema {@code kinesis}.
 */
@SpringBootApplication
@EnableScheduling
@ServiceDefaults({"overcast-service.properties", "overcast-kinesis.properties"})
public class KinesisApplication {

    public static void main(String[] args) {
        builder().run(args);
    }

    /** The application as the sandbox, the tests and {@code main} start it. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(KinesisApplication.class).web(WebApplicationType.SERVLET);
    }

    @Bean
    AwsApiDescriptor kinesisApi() {
        // Kinesis writes the bare error code in __type (no namespace prefix)
        return AwsApiDescriptor.jsonRpc("kinesis", "kinesis", Protocol.AWS_JSON_1_1, "Kinesis_20131202",
                KinesisClient.class, "");
    }
}
