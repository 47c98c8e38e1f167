package dev.overcast.firehose;

import dev.overcast.common.config.ServiceDefaults;
import dev.overcast.common.protocol.AwsApiDescriptor;
import dev.overcast.common.protocol.Protocol;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;
import software.amazon.awssdk.services.firehose.FirehoseClient;

/**
 * Amazon Data Firehose: JSON 1.1 ({@code Firehose_20150804.*}) on its own port (default 4573), its own schema
 * {@code firehose}. It delivers to S3 through the suite's S3 API and reads Kinesis sources through the Kinesis API.
 */
@SpringBootApplication
@EnableScheduling
@ServiceDefaults({"overcast-service.properties", "overcast-firehose.properties"})
public class FirehoseApplication {

    public static void main(String[] args) {
        builder().run(args);
    }

    /** The application as the sandbox, the tests and {@code main} start it. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(FirehoseApplication.class).web(WebApplicationType.SERVLET);
    }

    @Bean
    AwsApiDescriptor firehoseApi() {
        // Firehose writes the bare error code in __type
        return AwsApiDescriptor.jsonRpc("firehose", "firehose", Protocol.AWS_JSON_1_1, "Firehose_20150804",
                FirehoseClient.class, "");
    }
}
