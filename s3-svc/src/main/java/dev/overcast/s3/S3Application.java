package dev.overcast.s3;

import dev.overcast.common.config.ServiceDefaults;
import dev.overcast.common.protocol.AwsApiDescriptor;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

import software.amazon.awssdk.services.s3.S3Client;

/** The S3 service: REST-XML on its own port (default 4572), its own schema {@code s3}. */
@SpringBootApplication
@EnableScheduling
@ServiceDefaults({"overcast-service.properties", "overcast-s3.properties"})
public class S3Application {

    public static void main(String[] args) {
        builder().run(args);
    }

    /** The application as the sandbox, the tests and {@code main} start it. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(S3Application.class).web(WebApplicationType.SERVLET);
    }

    @Bean
    AwsApiDescriptor s3Api() {
        return AwsApiDescriptor.s3(S3Client.class);
    }

    /** S3 Control (access points), served beside S3 under {@code /v20180820/}. */
    @Bean
    AwsApiDescriptor s3ControlApi() {
        return AwsApiDescriptor.s3Control(software.amazon.awssdk.services.s3control.S3ControlClient.class);
    }
}
